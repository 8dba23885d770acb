"""The names of every schema migration the project has shipped, in order.

Kept apart from ``migrations.py`` so opening an up-to-date library can check its schema
without loading sqlite-utils; a test keeps this list equal to the migrations themselves.
"""

SHIPPED_MIGRATIONS = (
    "m001_feeds_and_articles",
    "m002_figures",
    "m003_search_and_annotations",
    "m004_annotation_search",
    "m005_count_index",
    "m006_figure_lookup",
    "m007_incremental_groups",
    "m008_dated_groups",
    "m009_newest_groups_first",
    "m010_analysis_queue",
    "m020_stories",
    "m030_full_text",
    "m050_feed_titles_kept",
    "m051_notes_outlive_articles",
    "m060_feed_origin",
    "m070_single_outlet_groups_last",
    "m080_stories_by_size",
    "m100_story_figures_recounted",
    "m110_batch_full_text_index",
    "m111_queue_claims_index",
    "m120_figure_fields",
    "m130_story_assignment_order",
    "m131_story_feed_memory",
    "m150_story_figures_counted_by_pair_model",
    "m220_figure_kin",
    "m250_figure_groups_by_thread",
    "m260_story_figures_counted_with_unnamed_reports",
    "m300_story_thread_marks",
    "m350_story_figure_groups",
    "m380_story_figures_disputes_recounted",
    "m390_story_figures_flagged_surely",
    "m400_undated_last",
    "m410_story_figures_identity_gate",
    "m440_story_voices",
    "m441_clock_labels",
    "m450_flag_mark",
)
