"""Stage 3, the summarize run: page files in, `summaries.jsonl` and `digest.md` out.

`run` segments every page, sends each article through an `Engine` concurrently and appends each
finished article as one line; `store` is the output folder (exclusive lock, atomic writes, resume
after a kill); `digest` renders the Markdown digest from the stored rows.
"""
