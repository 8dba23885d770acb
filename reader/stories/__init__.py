"""Stories: the articles (from any feeds) that report one real-world event, and threads of
stories that follow one developing situation. Textual-free; the store keeps the results."""
