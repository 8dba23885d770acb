"""Imported for its effect: the page extractor loaded whole in the importing process
(``text.page.load_extractor``: trafilatura and the mojibake repairer; not its fallback's
stopwords, which the rare page needing them loads).

The reader's fork server preloads this module when the library has a feed whose pages may be
fetched (``pipeline.PAGE_WORKER_MODULES``), so each page pass the reader starts (a process
forked from that server, which forks its extraction worker in turn) begins with it all
loaded, instead of loading the repairer again (some 0.2 s of CPU) every pass, beside the
interface.
"""

from __future__ import annotations

from reader.text.page import load_extractor

load_extractor()
