"""The eval suite: versioned datasets in, scores, a report and charts out.

`dataset` loads `datasets/<name>.v<N>.json` (each declares its thresholds), `metrics` holds the pure
scoring functions, `run` drives the CLI's segmenter, engines and QA over a dataset, `report` and
`charts` write report.md, report.json and PNGs. Generators that make datasets live beside them.
"""
