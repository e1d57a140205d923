"""Talking to an OpenAI-compatible endpoint: a rendered prompt in, a validated JSON object out.

`prompts` loads the versioned templates in prompts/ and renders them strictly; `client` sends them
(format ladder json_schema -> json_object -> plain JSON, one retry layer, a deadline per call) and
returns parsed, schema-validated objects with their usage; `cache` keeps validated results on disk
as JSON only, keyed by everything that shapes the result; `batch` is the Batch API (upload a
file of requests, create, poll and download a batch; never two batches for one file).
"""
