"""Every threshold and weight of the segmenter, in one place, each with the fact it stands for.

Widths are in em (CJK 1, Latin/digits 1/2) or character cells, whichever the page was wrapped by.
Scores of the headline-to-body assignment (summarizer.segment.assign) are log-odds-like points:
positive for evidence that an article is cut or attached this way, negative against it.
"""

from __future__ import annotations

# ---- reading lines (lines.py, furniture.py) -------------------------------------------------
# A lead byline ("新华社北京3月1日电（记者 某某）") may run over this many physical lines.
LEAD_BYLINE_LINES = 4
# A lead byline's 讯 or 电 stands within this many characters of its start ("红网某某站12月5日讯").
LEAD_BYLINE_PROBE = 24
# A byline or credit of its own line is no longer than this (characters).
OWN_BYLINE_MAX = 48
# The measure (em or cells) whose full body lines agree more often wins by this many pairs and share.
MEASURE_MARGIN = 3
MEASURE_SHARE = 1.2
# Furniture is looked for in this many lines from each edge of the page; it is never wider than this.
FURNITURE_EDGE_LINES = 4
FURNITURE_MAX_WIDTH = 48.0

# ---- column geometry (columns.py) -----------------------------------------------------------
# A line whose width differs from the column of the text after it by more than this is not body
# text. Paragraph first lines are indented ~2 em and lines vary ~2 em (punctuation), so 4.5 keeps them body.
WIDTH_TOLERANCE = 4.5
# Chinese type indents a paragraph's first line by 2 em.
DEFAULT_INDENT = 2.0
# A first line short of the next by more than this is no indented line (a headline, a column change):
# the indent, 2 em, plus a line's raggedness.
INDENT_MAX = 4.0

# ---- which lines are headlines (roles.py) ---------------------------------------------------
# Greedy wrapping never sets a line wider than its column unless it ends on a hanging mark: a line
# wider than the widest such line around it by more than this is no body line.
OVERHANG_TOLERANCE = 1.0
# With sentence punctuation inside, only a much shorter line can still be a headline.
PUNCT_TOLERANCE = 6.0
# A line with no punctuation at all that is this much narrower than its column is no body line.
BARE_TOLERANCE = 0.5
# A bare line must be at least this much wider than its column to be no body line (a line's width
# is known to half a character).
WIDER_MIN = 1.0
# A body line may overhang its column by two closing marks ("。”"); a headline wider than that is not body.
WIDE_TOLERANCE = 2.5
# How many times a column's own spread (0 for fixed pitch, ~1 em for type) a line may differ by.
SPREAD_FACTOR = 2.5
# How many times the page's raggedness a bare line may differ by and still be body text.
RAGGED_FACTOR = 3.0
# Where the column width changes (an article boundary), a headline needs to miss it by only this.
CHANGED_COLUMN_TOLERANCE = 1.5
# A line with at least this many spaced gaps between Chinese characters, a space in this share of
# them, is letter-spaced (a headline).
LETTER_SPACED_MIN = 5
LETTER_SPACED_SHARE = 0.85
# A page is set in one width when this share of its full body lines (at least this many) are
# within a character of their median (a fixed-pitch extractor's page, or a one-column page).
PAGE_COLUMN_SHARE = 0.8
PAGE_COLUMN_MIN_LINES = 8
# A headline group (kicker, a title over two lines, subtitle) has at most this many lines.
MAX_HEADLINE_LINES = 5
# A run of headline lines between two bodies holds at most two groups (the end of one article, the
# start of the next).
MAX_HEAD_RUN = 9
# A line this much narrower than its column (and more than the page's raggedness) is indented:
# only a paragraph's first line is.
FIRST_LINE_MIN = 1.5
# Right after an article boundary (a credit, a closing byline), a first line this much short of its
# column (and more than the page's raggedness) is short enough to be a headline.
BOUNDARY_SHORT = 1.0
# A page keeps its paragraph indents when at least this many sure paragraph starts, and this share
# of them, are indented.
INDENTED_PAGE_MIN = 4
# A page whose measured paragraph indent is under this does not indent its paragraphs.
INDENT_PRESENT = 0.5
INDENTED_PAGE_SHARE = 0.7
# Away from an article boundary, an indent must stand out from twice the page's raggedness.
INDENT_NOISE_FACTOR = 2.0
# A body line short by less than its next line's first unit plus this was wrapped early, not set short.
SHORT_LINE_SLACK = 0.5
# How many lines below a headline line show the column of the paragraph there (the widest full one).
SUBTITLE_PROBE_LINES = 6
# A headline ending in ？/！ is at most this wide; a wider such line is a sentence.
QUESTION_HEADLINE_MAX = 40.0

# ---- headline groups to bodies (assign.py) --------------------------------------------------
# Each article has one headline group; a body left without one is an article without a title.
HEADLESS = 4.0
# Bylines or credits with no paragraph to go with (a stray formula) make an article only when
# nothing else can hold them.
ORPHAN = 20.0
# Photo news carries a photo credit and no byline: an "article" with both holds two articles.
PHOTO_WITH_BYLINE = 3.0
# Photo news is a photo's caption: at most this many paragraphs; each more one costs this.
PHOTO_MAX_PARAS = 3
PHOTO_EXTRA_PARA = 2.0
# An article carries one byline: each more one in a stretch of body says it holds more articles.
MULTI_BYLINE = 3.0
# A credit closes its article: each more one in a stretch of body closes one more article there.
MULTI_CREDIT = 3.0
# A credit ("（某某 某某）") names the writers of an article that has no byline: a stretch of body
# with both a byline and such a credit holds two articles.
CREDIT_WITH_BYLINE = 2.0
# Weight of the words and numbers a headline shares with a body's lead (share of its weight, 0..1).
LEXICAL_WEIGHT = 6.0
# A number (or Latin word) a headline shares with a lead counts this many times a word's weight: the
# figures a title quotes are its story's own ("江城工会730万元助就业" and its lead's 730万元).
NUMBER_TOKEN_WEIGHT = 2.0
# Characters of a paragraph's start that count (a title restates its lead's first sentence); the
# lead's next paragraph counts too, at LEAD_NEXT_SHARE of its words' weight (a lead that sets a
# scene leaves the restating to the paragraph after it; a body whose own first paragraph restates
# the title fits it better than one that only reaches it in its second).
LEAD_CHARS = 100
LEAD_NEXT_SHARE = 0.5
# Weight of the words a headline shares with each paragraph of its article (each paragraph is about
# its own headline's subject, which settles where two adjacent bodies meet).
COHERENCE_WEIGHT = 8.0
# How much the words two neighbouring paragraphs share (share of the smaller one's rarity-weighted bigrams, 0..1)
# count against an article boundary between them.
COHESION_WEIGHT = 2.0
# ... and how much two consecutive headline lines share counts against splitting them between two
# articles (a title and its subtitle name one story).
HEAD_COHESION_WEIGHT = 4.0
# Taking the first line of a paragraph where an article starts for a headline nobody saw costs this.
PROMOTE_COST = 2.0
# How much its words count for such a line: little, since a paragraph's first line shares its
# words with the paragraph as much as a headline does.
SOFT_LEXICAL = 0.0
# ... and only where layout shows an article starts (boundary evidence at least this).
PROMOTE_MIN_BOUNDARY = 0.5
# An article holds at most this many blocks and headline lines (it bounds the programme's work).
MAX_ARTICLE_ATOMS = 120
# Consecutive articles usually print their headlines on the same side of the body.
SAME_SIDE = 0.3
# Evidence that a body run holds two articles here: a byline opens one, a credit closes one,
# the column width changes; cutting where none of these holds costs PLAIN_CUT.
CUT_AT_BYLINE = 3.0
CUT_AFTER_CREDIT = 2.0
# A photo credit closes photo news (its caption above it, nothing of it below): surer still.
CUT_AFTER_PHOTO_CREDIT = 1.5
CUT_AT_WIDTH_CHANGE = 2.0
PLAIN_CUT = 1.0
# A news lead says when in its first clause ("1月9日清晨，…", "…近日推出"); a later paragraph rarely does:
# evidence that an article starts at such a paragraph.
CUT_AT_LEAD_TIME = 1.5
# ... within this many characters of its start, in its first clause ("某区工会日前启动…").
LEAD_TIME_REACH = 16
# A paragraph "ending" on a line within this of its column's width ended a sentence, not itself:
# an article boundary there costs this much more.
FULL_LINE_SLACK = 1.5
CUT_AFTER_FULL_LINE = 0.5
# How sure a box mark makes a byline's side (a filled ■ closes the article above, an open □ opens
# the one below), and how often a byline of its own line with no mark opens an article.
BYLINE_MARK_SIDE = 0.8
BYLINE_UNMARKED_OPENS = 0.7
# A column width change means a new article when widths differ by more than this.
COLUMN_CHANGE = 2.0
# Splitting one run of headline lines into the end of one group and the start of the next:
# a kicker (ends in —— or ：) starts a group, a "——" subtitle ends one, a word across the break
# holds the lines together, a change of letter-spacing sets them apart.
PLAIN_SPLIT = 1.0
SPLIT_AT_KICKER = 1.0
SPLIT_AFTER_SUBTITLE = 1.0
SPLIT_BREAKS_WORD = 1.5
# A title has at least this many characters (a number one): a shorter headline line starts no group.
TITLE_MIN_UNITS = 5
SPLIT_AT_SPACING = 1.0

# A line that ends on a comma and is at most this share of the page's column wide is cut short on
# purpose (a headline's first clause on a line of its own), not by greedy wrapping (roles.py).
COMMA_CLAUSE_SHARE = 0.5

# ---- fields of a headline group (headlines.py) ----------------------------------------------
# Two headline lines are one title cut in two when jieba's words run across the break, or when the
# first line is this short (a title is rarely shorter; a kicker rarely this short).
SPLIT_TITLE_MAX_FIRST = 4
# A word of at most this many characters that ends on a verb after modifiers (新建, 重建) is a verb
# whatever jieba's tagger calls it in context (words.verbal); longer ones are names (a place, a
# programme) as often.
VERB_MORPHEME_MAX = 2
# A subtitle is a complete phrase of particulars (who, where, how many): it has at least this many
# characters (a number or Latin word one); a shorter second line finishes the title above it.
SUBTITLE_MIN_UNITS = 7
# A second line this long (or longer) of clauses set apart by a comma is a subtitle's statement.
SUBTITLE_CLAUSE_UNITS = 10
# A profile's subtitle "记<who>" names at least this much (记 and a person, maybe where they work).
PROFILE_SUBTITLE_MIN = 4
# A second line ending in ？/！ finishes the title when the first is at most this many times as long
# (a kicker above a question title is a phrase of its own, usually longer than a title's half).
TITLE_HALVES_RATIO = 2.0
# Reading a group's lines as kicker / title / subtitle: a kicker's closing mark where a kicker stands
# (or a missing one), a "——" where a subtitle stands, a title over two lines that the break cuts,
# a letter-spaced line read as kicker or subtitle (display type is the title's).
KICKER_MARKED = 2.0
KICKER_UNMARKED = 0.5
DASH_SUBTITLE = 1.0
TITLE_JOIN = 1.5
SPACED_NOT_TITLE = 3.0
# A title broken over two lines is broken into lines of about equal length: the shorter is at least
# this share of the longer (a subtitle's length owes nothing to its title's).
TITLE_LINES_BALANCE = 0.5
# A profile's "记<who>" line read as a title (it is a subtitle's formula: a group never has it alone).
PROFILE_NOT_TITLE = 2.0
# A subtitle states particulars: one that ends in ？ or ！ (a title's marks) is rarer by this much.
QUESTION_SUBTITLE = 1.0
# How much a headline group's shape counts when a run of headline lines is split between articles.
GROUP_SHAPE_WEIGHT = 0.5

# ---- size (segmenter.py) ----------------------------------------------------------------------
# A page of more lines than this is no newspaper page (a broadsheet's text is a few hundred lines;
# the seed page has 600): it is many pages run together, or no page at all. It is read in runs of at
# most this many lines, each run's last article read again with the next run, so time and memory
# stay linear in its length (the assignment's page-wide tables never grow past one run). A page
# within it is read whole, as always.
MAX_SEGMENT_LINES = 6000
