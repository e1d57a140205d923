"""`summarize --batch`: the whole run through the endpoint's Batch API, resumable across any kill.

A run goes through four steps, and `batch.json` in the output folder (written atomically after every
change) says how far each batch got, so a rerun of the same command carries on where one stopped:

1. plan: the inputs are streamed as in a synchronous run; finished articles are skipped, cached ones
   written at once, and every other article becomes one request line (its custom_id is its result
   key, the body what the client would send first) in a local input file of at most
   settings.batch_max_requests requests and batch_max_bytes bytes (the provider's limits);
2. submit: each full input file is uploaded (its file id recorded), then a batch is created from it
   (its batch id recorded). A run killed between a request and its record finds what it made on the
   server (the upload by its name, the batch by its input file) instead of submitting it twice, and
   articles whose requests are in a recorded batch are never planned again while it runs;
3. wait: every batch is polled (settings.batch_poll_seconds) until it ends, its status and request
   counts shown; a batch that failed, expired or was cancelled is said in one line;
4. collect: the output and error files are downloaded and indexed by custom_id, the inputs are
   streamed again, and each article's reply is judged exactly like a synchronous one
   (LLMEngine.take_reply: validate, repair, check; finish: filter, fall back, cache). What needs a
   re-ask is re-asked synchronously (LLMEngine.run), settings.concurrency calls at a time, and so is
   every request the batch failed or never ran (per-request errors, a failed or expired batch), with
   the synchronous path's retries and offline fallback, so nothing is lost; a request
   the endpoint refused for its response_format steps the client's format ladder down and goes into
   the next round's batch, as a synchronous call would step down and retry.

Memory holds the custom_ids of the batches in flight and an index of result offsets, never the
requests or results themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import IO, Any

from summarizer.engines.base import SummaryResult
from summarizer.errors import ConfigError, OutputError, UserError
from summarizer.llm.batch import (
    TERMINAL,
    WITH_RESULTS,
    BatchAPIError,
    BatchClient,
    BatchStatus,
    NoBatchAPI,
    parse_result_line,
    request_line,
)
from summarizer.llm.cache import canonical_json
from summarizer.llm.client import LADDER, json_schema, refused_part
from summarizer.llm.prompts import schema_hash
from summarizer.schemas import ArticleSummary
from summarizer.summarize.inputs import PageFile
from summarizer.summarize.run import Progress, _Run, _summarize_all, segment_source
from summarizer.summarize.store import warn, write_atomically
from summarizer.summarize.work import Item, article_failure, items_of, output_row

STATE_FILE = "batch.json"  # in the output folder: the batches of the run in progress
WORK_DIR = ".batch"  # beside it: input files until uploaded, custom_ids, downloaded results
WORK_KINDS = ("requests", "ids", "output", "errors")  # the working files, <kind>-<n>.jsonl|txt
STATE_VERSION = 1
# Polls that may fail in a row (after the SDK's own retries) before the run stops waiting; the
# batches stay recorded, so a rerun waits on them again.
MAX_POLL_FAILURES = 10
# A round ends when its batches are collected; another follows only for requests the endpoint
# refused for their response_format or token-limit spelling (sent again one step down).
MAX_ROUNDS = len(LADDER) + 1


@dataclass
class Chunk:
    """One batch: what was planned and sent, and what the server last said about it."""

    n: int  # its number in this output folder (names its local files)
    requests: int
    bytes: int
    sha256: str  # of the input file
    mode: str  # the response_format rung its requests were built with
    tokens_param: str  # how they spelt the token limit
    status: str = "planned"  # planned | uploaded | then the batch's own status
    input_file_id: str | None = None
    batch_id: str | None = None
    completed: int = 0
    failed: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: str = ""

    def update(self, st: BatchStatus) -> bool:
        """Take the server's word; True when anything changed."""
        before = asdict(self)
        self.batch_id, self.status = st.id, st.status
        self.completed, self.failed = st.completed, st.failed
        self.output_file_id, self.error_file_id = st.output_file_id, st.error_file_id
        self.errors = st.errors or self.errors
        return asdict(self) != before


class BatchState:
    """batch.json and the working folder beside it."""

    def __init__(self, out_dir: Path) -> None:
        self.path = out_dir / STATE_FILE
        self.dir = out_dir / WORK_DIR
        self.signature = ""
        self.token = ""  # names this folder's uploads (summarizer-<token>-<n>.jsonl)
        self.next_n = 1
        self.chunks: list[Chunk] = []

    def load(self, signature: str) -> None:
        """Read the state of an earlier run (one made with other settings is set aside, said once)."""
        self.signature = signature
        if not self.path.exists():
            self._fresh()
            return
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            if raw.get("version") != STATE_VERSION:
                raise ValueError(f"version {raw.get('version')!r}")
            names = {f.name for f in fields(Chunk)}
            chunks = [Chunk(**{k: v for k, v in c.items() if k in names}) for c in raw["chunks"]]
            token, next_n, old_signature = str(raw["token"]), int(raw["next"]), raw["signature"]
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise UserError(
                f"{self.path}: cannot be read ({e}); it records batches already submitted: "
                "restore it, or remove it (and the batch/ folder) to start over"
            ) from e
        if old_signature != signature:
            ids = ", ".join(c.batch_id for c in chunks if c.batch_id)[:200]
            warn(
                f"{self.path}: its batches were submitted with another endpoint, model, prompt or "
                f"parameters; they are not used{f' ({ids})' if ids else ''}"
            )
            self._fresh()
            return
        self.token, self.next_n, self.chunks = token, next_n, chunks

    def _fresh(self) -> None:
        self.token, self.next_n, self.chunks = secrets.token_hex(6), 1, []
        self._clean()  # leftovers of a run killed before its first record
        self.path.unlink(missing_ok=True)

    def _clean(self) -> None:
        """Remove the working files (only ours) and the working folder once it is empty."""
        if not self.dir.is_dir():
            return
        for f in self.dir.iterdir():
            if f.name.startswith(tuple(f"{k}-" for k in WORK_KINDS)) or f.name.startswith("."):
                f.unlink(missing_ok=True)
        try:
            self.dir.rmdir()
        except OSError:
            pass  # something of someone else's is in it: leave it

    def save(self) -> None:
        if not self.chunks:
            self.path.unlink(missing_ok=True)
            self._clean()
            return
        data = {
            "version": STATE_VERSION,
            "signature": self.signature,
            "token": self.token,
            "next": self.next_n,
            "chunks": [asdict(c) for c in self.chunks],
        }
        write_atomically(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")

    def file(self, kind: str, n: int) -> Path:
        return self.dir / f"{kind}-{n:04d}.{'txt' if kind == 'ids' else 'jsonl'}"

    def upload_name(self, n: int) -> str:
        return f"summarizer-{self.token}-{n:04d}.jsonl"

    def ids(self, chunk: Chunk) -> list[str]:
        try:
            return self.file("ids", chunk.n).read_text(encoding="utf-8").split()
        except OSError as e:
            raise UserError(f"{self.file('ids', chunk.n)}: cannot be read ({e.strerror or e})") from e

    def drop(self, chunk: Chunk) -> None:
        self.chunks.remove(chunk)
        for kind in WORK_KINDS:
            self.file(kind, chunk.n).unlink(missing_ok=True)


def request_signature(engine: Any) -> str:
    """What shapes a batch's requests and how its results are judged: endpoint, model, prompts, schema,
    generation parameters. Batches recorded under another signature are not used."""
    from summarizer.engines.llm import REASK_PROMPT, SUMMARIZE_PROMPT

    s = engine.settings
    parts = {
        "base_url": (s.base_url or "").rstrip("/"),
        "model": s.model,
        "prompts": {p: engine.prompts.get(p).sha256 for p in (SUMMARIZE_PROMPT, REASK_PROMPT)},
        "schema": schema_hash(json_schema(ArticleSummary)),
        "params": [s.temperature, s.max_tokens, s.max_reasks, s.max_article_chars],
    }
    return hashlib.sha256(canonical_json(parts).encode("utf-8")).hexdigest()


class _Deferred(Exception):
    """The endpoint refused this request's response_format: it goes into the next round, one rung down."""


class _BatchRun:
    def __init__(self, run: _Run, engine: Any, cache: Any, progress: bool) -> None:
        from summarizer.engines.llm import LLMEngine

        if not isinstance(engine, LLMEngine):
            raise ConfigError("--batch needs the LLM engine")
        self.run, self.engine, self.cache, self.progress = run, engine, cache, progress
        self.settings = run.settings
        self.client = engine.client
        self.api = BatchClient(run.settings)
        self.state = BatchState(run.report.summaries_path.parent)
        self.owner: dict[str, int] = {}  # custom_id -> number of the batch it is in
        self.given_up: set[str] = set()  # failed in this run: not planned again before a rerun
        self.deferred: set[str] = set()  # refused for their format: planned again next round
        self.synced: set[str] = set()  # sent synchronously: their batch request failed or never ran
        self.request_errors: dict[int, list[Any]] = {}  # batch number -> [count, first error]
        self._lock = threading.Lock()

    # ---- 1 and 2: plan and submit ---------------------------------------------------------------
    def resume(self) -> None:
        """Carry on with the batches an earlier run recorded. One it was killed while submitting is
        looked for on the server (its upload by name, its batch by input file): found, it is waited
        on; not found, its submission is finished now from where it stopped (or, should that fail,
        its articles are planned again, as new ones are)."""
        state = self.state
        state.load(request_signature(self.engine))
        for chunk in list(state.chunks):
            if chunk.status == "planned":
                uploaded = self.api.find_upload(state.upload_name(chunk.n))
                if uploaded is not None:
                    chunk.input_file_id, chunk.status = uploaded, "uploaded"
                    state.save()
            if chunk.status in ("planned", "uploaded"):
                found = self.api.find_batch(chunk.input_file_id) if chunk.input_file_id else None
                if found is None:
                    self._finish_submission(chunk)
                    continue
                chunk.update(found)
                state.save()
                warn(f"found batch {found.id}, submitted by an interrupted run ({chunk.requests} requests)")
            if chunk.status in TERMINAL:
                warn(f"{_ending(chunk)} (while no run was waiting)")
            else:
                warn(f"resuming: waiting on batch {chunk.batch_id} ({chunk.requests} requests)")
            self.run.report.batches_resumed += 1
            for key in state.ids(chunk):
                self.owner[key] = chunk.n

    def _finish_submission(self, chunk: Chunk) -> None:
        """Submit a recorded input file an interrupted run did not finish submitting."""
        state = self.state
        if chunk.status == "planned" and not state.file("requests", chunk.n).exists():
            state.drop(chunk)  # its input file is gone: its articles are planned again
            state.save()
            return
        warn(f"submitting the input file an interrupted run left unsubmitted ({chunk.requests} requests)")
        try:
            self.submit(chunk)
        except BatchAPIError as e:
            if isinstance(e, NoBatchAPI):
                raise
            warn(f"{e}; its articles are planned again")
            state.drop(chunk)
            state.save()
            return
        for key in state.ids(chunk):
            self.owner[key] = chunk.n

    def submit(self, chunk: Chunk) -> None:
        """Upload the chunk's input file and create its batch, recording each step."""
        state = self.state
        try:
            if chunk.status == "planned":
                chunk.input_file_id = self.api.upload(
                    state.file("requests", chunk.n), state.upload_name(chunk.n)
                )
                chunk.status = "uploaded"
                state.save()
            assert chunk.input_file_id
            st = self.api.create(chunk.input_file_id, {"summarizer": state.upload_name(chunk.n)})
        except NoBatchAPI:
            state.drop(chunk)  # nothing was submitted, and nothing can be: no record left behind
            state.save()
            raise
        chunk.update(st)
        state.save()
        state.file("requests", chunk.n).unlink(missing_ok=True)  # the server has it now
        r = self.run.report
        r.batches_submitted += 1
        r.batch_requests += chunk.requests
        warn(
            f"submitted batch {st.id}: {chunk.requests} request(s), {chunk.bytes / 1e6:.1f} MB; "
            "results come within 24 h; if this run stops, rerun the same command to resume waiting"
        )

    def plan(self, sources: Iterable[PageFile], first: bool, bar: Progress) -> None:
        """Stream the inputs: cached articles written now, the others' requests into new batches."""
        writer = _ChunkWriter(self)
        try:
            for source in sources:
                for item in self._items(source, first):
                    if item.key in self.owner or item.key in self.given_up:
                        continue
                    pending = self.engine.prepare_summary(item.article)
                    if pending.done:
                        self.run.add_rows([output_row(item, _summary(self.engine.finish(pending)))])
                        continue
                    body, mode, tokens_param = self.client.request_body(pending.messages, pending.schema)
                    line = request_line(item.key, body)
                    if len(line) > self.settings.batch_max_bytes:
                        self._fail(
                            item,
                            f"its request is {len(line)} bytes, over the batch input limit of "
                            f"{self.settings.batch_max_bytes} bytes",
                        )
                        continue
                    writer.add(item.key, line, mode, tokens_param)
                self.run.store.sync(max_delay=0.25)
                bar.advance()
            writer.close()
        finally:
            writer.abandon()

    def _items(self, source: PageFile, first: bool) -> list[Item]:
        """The file's articles not yet in the store. The first pass reads as a synchronous run does
        (failures said, articles counted); later passes read quietly."""
        run = self.run
        if first:
            read = run.hash_file(source)
            if read is None or run.already_done(source, read[1]):
                return []
            found = segment_source(run, source, read[0], read[1], self.cache)
            if found is None:
                return []
            run.report.articles += len(found)
        else:
            found = self._quiet_items(source)
        out = []
        for item in found:
            if not run.force and item.key in run.store:
                run.report.resumed += first
                continue
            out.append(item)
        return out

    def _quiet_items(self, source: PageFile) -> list[Item]:
        from summarizer.segment import segment_bytes
        from summarizer.summarize.work import FileInfo

        try:
            data = source.path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if not self.run.force and self.run.store.file_done(source.identity, sha, self.run.signature):
                return []
            pages = segment_bytes(data, source.identity, self.cache, label=str(source.path))
        except Exception:  # said in the first pass (or new since): a rerun reports it
            return []
        info = FileInfo(source.identity, str(source.path.resolve()), sha, sum(len(p.articles) for p in pages))
        return items_of(info, pages, self.settings)

    def _fail(self, item: Item, reason: str) -> None:
        self.run.fail_article(article_failure(item, BatchAPIError(reason)))
        self.given_up.add(item.key)

    # ---- 3: wait ---------------------------------------------------------------------------------
    def wait(self) -> None:
        """Poll every batch in flight until each has ended; say how each ended."""
        active = [c for c in self.state.chunks if c.batch_id and c.status not in TERMINAL]
        display = _WaitDisplay(self.progress)
        failures = 0
        try:
            while active:
                for chunk in active:
                    assert chunk.batch_id
                    try:
                        st = self.api.retrieve(chunk.batch_id)
                    except BatchAPIError as e:
                        failures += 1
                        if failures >= MAX_POLL_FAILURES:
                            raise BatchAPIError(
                                f"{e} ({failures} polls failed in a row); the batches are kept in "
                                f"{self.state.path}: rerun the same command to resume waiting"
                            ) from e
                        continue
                    failures = 0
                    if chunk.update(st):
                        self.state.save()
                    if st.terminal:
                        display.clear()
                        warn(_ending(chunk))
                display.show(self.state.chunks)
                active = [c for c in active if c.status not in TERMINAL]
                if active:
                    time.sleep(self.settings.batch_poll_seconds)
        finally:
            display.close()

    # ---- 4: collect ------------------------------------------------------------------------------
    def collect(self, reopen: Callable[[], Iterator[PageFile]]) -> None:
        """Judge every ended batch's results, re-ask what needs it, then forget those batches."""
        ended = [c for c in self.state.chunks if c.status in TERMINAL]
        if not ended:
            return
        results = _Results(self.state, self.api, self.owner)
        try:
            for chunk in ended:
                if chunk.status in WITH_RESULTS:
                    results.add(chunk)
            self._collect_items(reopen, results)
        finally:
            results.close()
        for chunk in ended:
            for key in self.state.ids(chunk):
                self.owner.pop(key, None)
            self.state.drop(chunk)
        self.state.save()

    def _collect_items(self, reopen: Callable[[], Iterator[PageFile]], results: _Results) -> None:
        ended = {c.n: c for c in self.state.chunks if c.status in TERMINAL}
        total = sum(c.requests for c in ended.values())
        bar = Progress(total, enabled=self.progress, label="collecting", unit="articles")
        self.request_errors.clear()

        def answered() -> Iterator[Item]:
            """Every article of an ended batch: answered, failed, or never run (sent synchronously)."""
            for source in reopen():
                for item in self._quiet_items(source):
                    if not self.run.force and item.key in self.run.store:
                        continue
                    if item.key in results or (
                        self.owner.get(item.key) in ended and item.key not in self.given_up
                    ):
                        yield item

        def on_done(item: Item, result: SummaryResult | None, error: BaseException | None) -> None:
            bar.advance()
            if result is not None:
                row = output_row(item, result)
                row["batch_id"] = None if item.key in self.synced else results.batch_of(item.key)
                self.run.add_rows([row])
            elif isinstance(error, _Deferred):
                self.deferred.add(item.key)
            else:
                assert error is not None
                self.run.fail_article(article_failure(item, error))
                self.given_up.add(item.key)

        try:
            _summarize_all(
                self.engine,
                answered(),
                self.settings.concurrency,
                on_done,
                after_batch=lambda: self.run.store.sync(max_delay=0.25),
                work=lambda item: self._take(item, results),
            )
        finally:
            bar.close()
            for n, (count, first) in sorted(self.request_errors.items()):
                warn(
                    f"batch {ended[n].batch_id}: {count} request(s) failed or were not run "
                    f"(first: {first}); sent synchronously instead"
                )

    def _take(self, item: Item, results: _Results) -> SummaryResult:
        """One article's batch result, judged like a synchronous reply (re-asked synchronously).
        A request the batch failed or never ran is sent synchronously, with the synchronous path's
        retries and fallbacks, so an error in the batch loses nothing."""
        pending = self.engine.prepare_summary(item.article)
        if pending.done:  # cached since (an interrupted collection finished it)
            return _summary(self.engine.finish(pending))
        if item.key not in results:  # its batch failed, expired or was cancelled before running it
            chunk = self._chunk(self.owner[item.key])
            return self._sync(item, chunk, f"not run: batch {chunk.status}", pending)
        chunk, line = results.line(item.key)
        if not line.ok:
            what = refused_part(
                line.status_code,
                json.dumps(line.body, ensure_ascii=False),
                has_format=chunk.mode != "plain",
                has_max_tokens=chunk.tokens_param == "max_tokens",
            )
            if what and self.client.step_down(what, chunk.mode, chunk.tokens_param):
                raise _Deferred(line.error)
            return self._sync(item, chunk, line.error or f"HTTP {line.status_code}", pending)
        try:
            reply: Any = self.client.parse_body(line.body, chunk.mode)
        except OutputError as e:
            reply = e
        self.engine.take_reply(pending, reply)
        if pending.done:
            return _summary(self.engine.finish(pending))
        with self._lock:
            self.run.report.sync_reasks += 1
        return _summary(self.engine.run(pending))

    def _chunk(self, n: int) -> Chunk:
        return next(c for c in self.state.chunks if c.n == n)

    def _sync(self, item: Item, chunk: Chunk, why: str, pending: Any) -> SummaryResult:
        """The article's request sent synchronously (its batch request failed or never ran)."""
        with self._lock:
            self.run.report.sync_fallbacks += 1
            self.synced.add(item.key)
            seen = self.request_errors.setdefault(chunk.n, [0, why[:200]])
            seen[0] += 1
        return _summary(self.engine.run(pending))


def _summary(result: Any) -> SummaryResult:
    assert isinstance(result, SummaryResult)
    return result


def _ending(chunk: Chunk) -> str:
    """One line: how a batch ended."""
    done = f"{chunk.completed} of {chunk.requests} request(s) answered, {chunk.failed} failed"
    if chunk.status == "completed":
        return f"batch {chunk.batch_id} completed: {done}"
    why = f": {chunk.errors}" if chunk.errors else ""
    if chunk.status == "failed":
        return (
            f"batch {chunk.batch_id} failed{why}; its {chunk.requests} request(s) were not run "
            "and are sent synchronously instead"
        )
    return (
        f"batch {chunk.batch_id} {chunk.status}{why}: {done}; the answered ones are kept, "
        "the others are sent synchronously"
    )


class _ChunkWriter:
    """Request lines into local input files of at most the provider's limits; each full one submitted."""

    def __init__(self, br: _BatchRun) -> None:
        self.br = br
        self.fh: IO[bytes] | None = None
        self.chunk: Chunk | None = None
        self.ids: list[str] = []
        self.sha = hashlib.sha256()

    def add(self, key: str, line: bytes, mode: str, tokens_param: str) -> None:
        s = self.br.settings
        c = self.chunk
        if c is not None and (
            len(self.ids) >= s.batch_max_requests
            or c.bytes + len(line) > s.batch_max_bytes
            or (c.mode, c.tokens_param) != (mode, tokens_param)
        ):
            self.close()
        if self.chunk is None:
            state = self.br.state
            n = state.next_n
            state.next_n += 1
            state.dir.mkdir(parents=True, exist_ok=True)
            self.chunk = Chunk(n=n, requests=0, bytes=0, sha256="", mode=mode, tokens_param=tokens_param)
            self.fh = open(state.file("requests", n), "wb")
            self.ids, self.sha = [], hashlib.sha256()
        assert self.fh is not None and self.chunk is not None
        self.fh.write(line)
        self.sha.update(line)
        self.chunk.bytes += len(line)
        self.chunk.requests += 1
        self.ids.append(key)
        self.br.owner[key] = self.chunk.n

    def close(self) -> None:
        """Finish the current input file, record it, submit it."""
        chunk, fh = self.chunk, self.fh
        if chunk is None or fh is None:
            return
        fh.flush()
        os.fsync(fh.fileno())
        fh.close()
        self.fh, self.chunk = None, None
        chunk.sha256 = self.sha.hexdigest()
        state = self.br.state
        write_atomically(state.file("ids", chunk.n), "\n".join(self.ids) + "\n")
        state.chunks.append(chunk)
        state.save()  # recorded before anything is sent
        self.br.submit(chunk)

    def abandon(self) -> None:
        """An unfinished input file (the run stopped while planning) is never sent: remove it."""
        if self.fh is not None and self.chunk is not None:
            self.fh.close()
            self.br.state.file("requests", self.chunk.n).unlink(missing_ok=True)
            for key in self.ids:
                self.br.owner.pop(key, None)
            self.fh, self.chunk = None, None


class _Results:
    """The ended batches' output and error files, downloaded into the working folder, indexed by
    custom_id (only ids the batch was sent with; later lines of one id win over earlier ones)."""

    def __init__(self, state: BatchState, api: BatchClient, owner: dict[str, int]) -> None:
        self.state, self.api, self.owner = state, api, owner
        self._fds: list[int] = []
        self._chunks: list[Chunk] = []
        self._index: dict[str, tuple[int, int, int]] = {}  # custom_id -> (file number, offset, length)

    def add(self, chunk: Chunk) -> None:
        for kind, file_id in (("errors", chunk.error_file_id), ("output", chunk.output_file_id)):
            if not file_id:
                continue
            path = self.state.file(kind, chunk.n)
            if not path.exists():
                self.api.download(file_id, path)
            self._index_file(path, chunk)

    def _index_file(self, path: Path, chunk: Chunk) -> None:
        number = len(self._fds)
        self._fds.append(os.open(path, os.O_RDONLY))
        self._chunks.append(chunk)
        offset = 0
        with open(path, "rb") as f:
            for raw in f:
                try:
                    key = parse_result_line(raw).custom_id
                except ValueError:
                    key = ""
                if self.owner.get(key) == chunk.n:
                    self._index[key] = (number, offset, len(raw))
                offset += len(raw)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: str) -> bool:
        return key in self._index

    def batch_of(self, key: str) -> str | None:
        """The batch that answered this custom_id (None: none did, it was sent synchronously)."""
        found = self._index.get(key)
        return self._chunks[found[0]].batch_id if found else None

    def line(self, key: str) -> tuple[Chunk, Any]:
        number, offset, length = self._index[key]
        return self._chunks[number], parse_result_line(os.pread(self._fds[number], length, offset))

    def close(self) -> None:
        for fd in self._fds:
            os.close(fd)
        self._fds.clear()


class _WaitDisplay:
    """While waiting: each batch's status and request counts. On a terminal one line redrawn; on a
    pipe a line when a status changes or the answered share passes another tenth."""

    def __init__(self, enabled: bool, stream: IO[str] | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self._last: tuple[Any, ...] = ()
        self._drawn = False

    def show(self, chunks: list[Chunk]) -> None:
        if not self.enabled:
            return
        live = [c for c in chunks if c.batch_id]
        if not live:
            return
        mark = tuple((c.status, (10 * (c.completed + c.failed)) // max(1, c.requests)) for c in live)
        waited = int(time.monotonic() - self.start)
        parts = [
            f"{c.batch_id} {c.status} {c.completed + c.failed}/{c.requests}"
            + (f" ({c.failed} failed)" if c.failed else "")
            for c in live[:4]
        ]
        more = f" +{len(live) - 4} more" if len(live) > 4 else ""
        text = f"batch: {' | '.join(parts)}{more} · waited {waited // 60}m{waited % 60:02d}s"
        if self.tty:
            self.stream.write("\r" + text[:200].ljust(80))
            self._drawn = True
        elif mark != self._last:
            self.stream.write(text + "\n")
        self._last = mark
        self.stream.flush()

    def clear(self) -> None:
        if self._drawn:
            self.stream.write("\n")
            self.stream.flush()
            self._drawn = False

    def close(self) -> None:
        self.clear()


def run_batch(
    run: _Run,
    sources: Iterable[PageFile],
    reopen: Callable[[], Iterator[PageFile]],
    engine: Any,
    cache: Any,
    bar: Progress,
    progress: bool,
) -> None:
    """The whole run through the Batch API (see the module docstring); rows go to run.store."""
    br = _BatchRun(run, engine, cache, progress)
    try:
        br.resume()
        for round_no in range(MAX_ROUNDS):
            if round_no == 0:
                br.plan(sources, True, bar)
                bar.close()
                bar.enabled = False  # closed: the caller's close() must not end another line
            else:
                br.plan(reopen(), False, Progress(None, enabled=False))
            br.wait()
            br.collect(reopen)
            if not br.deferred or round_no == MAX_ROUNDS - 1:
                break
            warn(
                f"{len(br.deferred)} request(s) were refused for their response_format; "
                f"sending them again as {br.client.mode}"
            )
            br.deferred.clear()
        run.report.unfinished += len(br.deferred)  # still refused after every step down (a rerun retries)
    finally:
        br.api.close()
