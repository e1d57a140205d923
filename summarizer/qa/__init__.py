"""Question answering over a corpus: a question in, a cited answer out.

In: a corpus (page files, folders, `.jsonl` articles: `corpus`; kept on disk in segments: `store`),
indexed with jieba tokens and BM25 (`index`, over per-segment counts: `postings`), and a question.
Out: an `AskResult` (`ask`): the answer, whether it is answerable, the citations and the retrieved
articles. A question is analysed once (`question`: expected answer type, years and names it states);
the retrieved pool is re-ranked by agreement with it (`rerank`). The offline answerer (`answering`,
with typed spans in `spans`) reads only the retrieved passages; the LLM engine answers from the same
passages.
"""
