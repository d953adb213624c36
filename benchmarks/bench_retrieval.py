"""Retrieval quality on the development questions: BM25 only, dense only, the older retrievers and the shipped one.

Run: python benchmarks/bench_retrieval.py [--eval PATH ...] [--own PATH] [--bok DIR] [--show-misses] [--analyse]

--analyse prints, for every question the shipped method misses at rank 1 under 5-fold CV (and on the own set), the
gold section's and the top three sections' rank in each signal (passage vector, best sentence, section BM25, pack
BM25, pack vector), and counts the misses by which signal, if any, ranked the gold section first.

The first table measures ranking and the corpus-side refusal; the second, abstention with the scope model across
writers (see rank9 below). Every figure of the first is printed twice: on the whole set (the method's knobs at their shipped defaults, which are
what tuning on the whole set picks) and as 5-fold cross-validation (knobs chosen on four folds by the
small grid below, measured on the fifth; folds stratified by in/out of scope with a fixed seed).
A hit is the expected file and one of the expected section headings. Ranks count distinct
(file, section) pairs, the way a reader sees citations; knowledge-pack passages never count as hits.
A weak answer (the middle band) is an answer: it counts as neither a refusal nor a miss.
Further rows per retriever measure our own unseen-style questions (tests/data/retrieval_own.yaml, and rank6's
retrieval_own6.yaml, written before that session changed the engine) at the knobs the whole development set picks:
nothing is ever tuned on them, so they show how the method carries over.

Measured on the 86 dev questions and not adopted (no gain under CV; figures in the ask-quality branch report): top-2/top-3/mean
sentence pooling per section instead of max, heading vectors, section centroids, pseudo-relevance feedback in the
dense space, glossary expansion of the query (BM25 and dense), a listwise logistic fusion of up to 11 signals learnt
on the training folds (CV hit@1 0.76-0.78), and a logistic abstention model over dense top score, margin over the
background, fused margin, lexical/dense agreement, pack vote and BM25 peak (CV out-of-scope refused 0.58-0.75).

Measured by ask4 under the same 5-fold CV and not adopted (shipped z-fusion: CV hit@1 0.78, hit@3 0.95, MRR 0.868):
reciprocal-rank fusion of the four section lists (k 10/30/60: CV hit@1 0.74, MRR 0.840); adjacent-sentence pair windows
(mean of the two sentence vectors) added or in place of single sentences (0.76-0.78, MRR 0.844-0.861); section centroid
of its passage and sentence vectors (0.74-0.78); heading vectors and heading + lead-sentence pseudo-queries
(0.74-0.78); BM25 expansion by the terms of the glossary entries nearest the question in embedding space (0.76-0.78);
the pack's dense vote as a section prior (0.76-0.78); a second, stop-word-free embedding of the question (0.72-0.74);
and a free grid of the four fusion weights (whole set 0.81 but CV 0.72: fitted). Embedding the corpus vocabulary to
find the articles' word for a plain one took 51 s at index time for 1,483 words, far over the 10 s budget.
Document-side glossary expansion (the plain glosses of the terms a passage uses as a separate BM25 field) gave CV
hit@1 0.80 but hit@3 0.93 and nothing on the own set: not adopted.
Measured by rank5 under the same 5-fold CV (hit@1/hit@3/MRR; shipped 0.78/0.92/0.862, own set 0.84/0.97/0.902) and not
adopted, none beating the shipped fusion under CV without hurting the own set:
- BM25F over sections, the heading path once per section as its own field (weight 0, 1, 2: 0.78/0.92/0.862, no rank
  changes; weight 4: 0.77); heading weight with k1 (0.6/1.2/2.0) and b (0.4/0.75/1.0) chosen inside the folds: 0.77/0.92/
  0.856, own 0.81/0.97/0.886 (the folds pick k1 2.0, b 1.0, no heading);
- the embedding space centred on the corpus mean, with the top 0-8 principal directions removed (all-but-the-top):
  0.68-0.78 (centring alone 0.78/0.92/0.856 but own 0.77/0.94); the number of directions chosen in the folds: 0.73;
- a self-supervised section classifier fitted at index time (ridge, one-vs-rest, over the passage, sentence and pack
  vectors labelled by section, 0.6 s) added to the fusion: 0.69-0.77 (alpha, weight chosen in the folds: 0.76/0.92/
  0.849); alone, in place of the dense views: 0.73/0.92/0.820;
- soft lexical match: each question word's nearest corpus words in embedding space (cosine >= 0.5-0.7, top 3) added to
  BM25 weighted by similarity: 0.74-0.76 (in the folds: no expansion picked); the neighbours are loose ("leadership" ->
  "leader", "undo" -> "version") and embedding the 1,479 corpus words took longer than the whole index;
- late interaction over the sentence windows: the mean of a section's best two sentence sims as an extra signal
  (weight 0.25-1: 0.74-0.76) and a coverage count (sentence sims above the query's background mean + 1 sd, summed per
  section; weight 0.25-1: 0.69-0.73; in the folds: weight 0 picked);
- a pairwise logistic ranker (gold against the eight best wrong sections) over seven z-scored signals (passage, sentence,
  section BM25, pack BM25, pack vector, coverage, top-2 mean) fitted inside each training fold, C 0.01-1 (strong to
  weak regularisation): 0.66-0.70 hit@1 (hit@3 0.93-0.95), own 0.74-0.77;
- the pack's two signals treated as missing, not as the lowest, for sections no pack entry restates (z-scored over the
  sections that have entries, 0 elsewhere), pack weights chosen in the folds: 0.74/0.92/0.842 (whole set 0.80, own
  0.87: fitted); a separate pack-BM25 weight chosen in the folds (0.5-1.5): 0.76/0.91/0.841, own 0.77/0.94; the pack
  entries' vectors pooled with a section's sentences (0.78/0.92/0.862, no change) or with its passages (0.77, own 0.77);
- an article prior (each article's mean or top-3 fused section score, z-scored, added to its sections; weight 0.25-1):
  0.74-0.78, hit@3 0.91-0.92; in the folds: weight 0 picked.
Error analysis (`--analyse`) of the 16 CV misses before the adopted change below: about half are chat paraphrases
where two sections of different articles both answer (the pack's BM25 or vector ranks the gold one first in most of them, but the pack restates only
the two module articles, so weighting it up costs the news article's sections); about a fifth are questions about the
module's article order ("which article comes after ..."), whose gold is a short "Looking Ahead" or "Introduction";
and about a fifth are the news article's list questions, where its Introduction, which names every level, ranks above
the section the set expects. After it 11 remain: six chat paraphrases where two sections both answer (the gold one is
second or third), three questions about the article order, and two of the news article's list questions.
Measured by rank6 (CV hit@1/hit@3/MRR before: 0.838/0.946/0.895; own 0.84/0.97/0.90; own6 0.64/0.77/0.72) and not adopted:
- the layout mechanism below with a bank whose questions named subjects the articles teach ("the one on governance"):
  whole set picks weight 1.0, gate 0.45, but CV hit@1 0.82 (a content question about governance opened the gate);
  with one role for every direction (first, last and article-listing sections alike): whole-set hit@1 unchanged
  (0.851 unrefused), hit@3 0.959 -> 0.986; the direction read from the single nearest bank question: own6 one
  question fixed and one broken (the two-nearest vote adopted instead was chosen after reading that own6 miss);
- abstention evidence, each against the shipped best-sentence similarity + agreement - unknown terms (dev OOS refused
  92 % under CV at <= 2 % in-scope refused; own 73 %): the coverage of each content word by meaning (the word embedded
  alone, its best similarity to any sentence; the question's minimum): out of scope 0.10-0.27, in scope 0.09-0.45, no
  separation; the fused z-score of the top section and its margin over the second: out-of-scope questions have the
  larger margins on the own set (the opposite of dev); a margin penalty of 0.02 per z unit: dev 92 -> 100 % but own
  in-scope refused 0 -> 6 %; the pack's best entry restating one of the top three sections: in/out of scope 0.74/0.50
  (dev), 0.74/0.36 (own), 0.55/0.75 (own6, reversed); the pack's best similarity added to the evidence (x0.5, x1):
  dev OOS refused 83 %, 75 % (from 92 %).
Measured by rank7 (shipped: CV hit@1/hit@3/MRR 0.85/0.97/0.91, in-scope refused 1.4 %, OOS refused 92 %; own 0.84/0.97/
0.90, 0 %, 73 %; own6 0.68/0.77/0.75, 13.6 %, 12 %) and not adopted; the code that measured them is on
the rank7 branch (96371e6), not in the product, so nothing switched off ships:
- section questions (knowledge/section_questions.py: 74 questions for all 31 sections, written from reading each
  section, doc2query-style) as a question-to-question vector signal, max per section, z-fused: weight 0.25/0.5/1.0 gives
  CV hit@1 0.82/0.84/0.80 (hit@3 0.96/0.96/0.95), own 0.84/0.84/0.84 (hit@3 0.97/0.94/0.94), own6 0.68/0.68/0.64 (hit@3
  0.77/0.82/0.77); in the folds every fold picks weight 0. The same questions' words in the section's BM25 document
  (document expansion, as the pack's): CV 0.85/0.96/0.91 (one hit@3 lost), own and own6 unchanged. A first bank of
  100 gave own6 0.73/0.86 with the expansion, but 25 of its questions echoed dev or unseen questions read in the error
  analysis before it was written; they were removed and that figure is void;
- a scope margin (knowledge/scope.py): the mean similarity of the question's two nearest questions in a bank of 33
  out-of-scope question types in our own words (vendor pricing, tool how-tos, cloud settings, ML technique, legal/HR/
  payroll, salaries, company news, office life, general) minus the corpus's nearness (the best sentence, or the two
  nearest section questions): alone it separates own (in scope at most -0.12, out of scope at least -0.06) and most of
  dev (in scope at most +0.01; half the out-of-scope above 0), but not own6 (out of scope -0.28 to -0.09, in scope up
  to -0.07), and the questions it refuses on own are those the shipped evidence already refuses. Evidence off per unit
  of margin above zero (weight 0/0.5/1/2, chosen in the folds with the threshold): every fold picks 0 (dev is already
  at 100 % whole-set), no figure moves; at 0.5 nothing moves on any set. The margin subtracted linearly (so a question
  far nearer the corpus gains evidence; scratch run, weight 0.1-1): own6 in-scope refused 13.6 -> 4.5 % (0.25-0.5) or
  0 % (0.75+), but dev CV OOS refused 92 -> 83 % (75 % at 0.75+): not adopted. A gate (refuse when the margin is above
  m, m the middle of the plateau that refuses no in-scope training question) with the threshold: CV in-scope refused
  1.4 -> 2.7 %, OOS unchanged, own and own6 unchanged;
- the middle band in place of refusals (the band sweep on that branch): lowering the refusal floor from 0.35
  to 0.30 (weak up to 0.45) turns all three own6 in-scope refusals into weak answers (13.6 -> 0 %) but dev OOS refused
  falls 100 -> 83 % and own 73 -> 64 %; at 0.33 own6 9.1 %, dev 92 %, own 64 %. Weak answers cannot stand in for those refusals;
- pack restatements of the five module sections no entry restated (both Introductions, Data Infrastructure Execution,
  Platform Deployment, Article 1's Looking Ahead; five entries in our own words): shipped CV hit@1 0.85 -> 0.81, hit@3
  0.97 -> 0.96, own 0.84 -> 0.81, own6 unchanged (the folds then move the section/pack BM25 weights to 0.5/0.5). The
  news article's sections cannot be restated without a pack source outside the module/article numbering.
Measured by rank8 (shipped: CV hit@1/hit@3/MRR 0.85/0.97/0.91, in-scope refused 1.4 %, OOS refused 92 %; own 0.84/0.97/
0.90, 0 %, 73 %; own6 0.68/0.77/0.75, 13.6 %, 12 %) and not adopted; the code that measured it is on the rank8 branch
(3a5e00a, benchmarks/rank8_probe/), not in the product:
- token-level late interaction (ColBERT-style MaxSim) with the model we run: the last hidden states of all-MiniLM-L6-v2
  before mean pooling (the packed graph's output; its mean pools to the shipped vectors at cosine 1.00000), L2-normalised,
  content word pieces only (no [CLS]/[SEP], punctuation or stop words): 7,446 tokens for the 148 passages as embedded,
  3,299 more for the sentence windows (about 8 MB as float16). A section scores the mean over the question's content
  tokens of the best cosine to any of its tokens. As one more z-fused ranking signal, weight 0/0.25/0.5/0.75/1 chosen
  by MRR inside the folds (the folds pick 0.25-0.5, one fold 0): CV hit@1/hit@3/MRR 0.84/0.97/0.90 over passage tokens,
  window tokens or both (0.84/0.96/0.90), and with the question's tokens weighted by BM25 idf (four folds pick 0:
  0.84/0.97/0.90). Whole set at 0.5: dev 0.85 (one question fixed, one broken), own 0.84 -> 0.87 (one),
  own6 unchanged. Alone it ranks 0.68-0.72 hit@1; in place of part of the passage or the sentence view: CV 0.84-0.85,
  whole-set dev 0.76-0.80;
- the same tokens as abstention evidence: each content token's best cosine to any corpus token (the question's
  minimum, mean of its two weakest, lower quartile, mean, idf-weighted mean). Tokens in context separate dev better
  than a word embedded alone did (rank6: no separation; here AUC in vs out 0.94-0.98 on dev, 0.81-0.95 on own) but
  not own6 (0.40-0.57: its out-of-scope questions use words the corpus uses, in context too), where the shipped
  evidence has AUC 1.00/0.94/0.70. Among the questions the shipped evidence lets through, own's three out-of-scope
  ones are separated (AUC 0.85-0.94), own6's seven are not (0.41-0.56). Added to the evidence (x0.1-1, or mixed
  (1-a) x evidence + a x coverage, a 0.2-1, threshold tuned in the folds): every fold picks weight 0 when it may; at
  fixed weights CV OOS refused 92 % at best, falling to 83 % (idf-weighted mean, a 0.4: in-scope refused 0 %, own
  0 %/73 %, own6 in-scope refused 13.6 -> 4.5 %, OOS 12 %) or lower; the mixes that keep dev at 92 % either move
  nothing or raise own's in-scope refusals to 3-10 %.
Error analysis by rank8 of the ten CV misses at rank 1 (the eleventh in-scope miss is the lakehouse question, refused
for an unknown glossary term): in two the top section answers as well as the gold one (the news article's
Introduction names all three management levels; the reading-order list in Article 1 names the article after Article
6), in one it answers in part (the Introduction names the layers the question asks about but does not describe them),
and in seven only the gold section answers; the top one is a topical neighbour that shares the question's words or
phrase (a short section saying "four COMPEL pillars" without naming them, "daily" in the EATP's own day, "requirements
may shift" in the execution gap). Seven of the ten have a shipped signal that ranks the gold first (the pack's BM25 alone
three times, section BM25 two, the best sentence one, several together one), and MaxSim one more (the "after the
technical delivery article" question), but a different one each time, so any weight that lifts one signal loses as many
elsewhere (rank5's and rank7's weight grids, and MaxSim's above). The two that no signal reaches are the news list
questions whose labels leave out the Introduction.
Measured by rank9 (second table: abstention across writers). The labelled questions now come from four writers: dev
(86), own (42), own6 (30) and rank9's own9 (40, written before any engine change; its before figures at 4e4be6c:
hit@1/hit@3/MRR 0.73/0.93/0.84, in-scope refused 0 %, out-of-scope refused 20 %, refused or weak 70 %). Every
abstention method is measured leave-one-set-out (LOSO: fitted and its knobs chosen on the other writers' questions,
measured on the left-out writer, as the unseen judge is) and as 5-fold CV on dev (fitted and chosen on the other
dev folds plus the own sets; on this protocol the corpus-side refusal alone refuses 83 % out of scope, not the 92 %
of the dev-only protocol, because the own sets pull the threshold down). Figures: in-scope refused / out-of-scope refused.
- adopted: the scope model (knowledge/scope.py): ridge regression over the question's vector onto out/in scope,
  fitted on all labelled questions plus knowledge/scope_bank.yaml (103 questions in our own words, on subjects far
  from the articles: 58 asking for a market figure, product, tool steps, legal rule or document, 45 asking for a
  role, judgement, order of work, warning sign, reason or a rule of thumb of a practice); evidence minus weight x
  score. l2 (1/3/10), weight (0-1.5) and threshold chosen so the training questions' in-scope refusals stay <= 2 %
  (scores out of fold per training set). Corpus side alone -> with the scope model: LOSO dev 1.4 %/83 % -> 2.7 %/
  83 %, own 0 %/64 % -> 0 %/73 %, own6 13.6 %/12 % -> 0 %/12 % (hit@3 0.77 -> 0.91), own9 0 %/20 % -> 0 %/80 %,
  pooled (198) 2.5 %/49 % -> 1.3 %/66 % (refused or weak 66 % -> 80 %); dev 5-fold CV 1.4 %/83 % -> 2.7 %/83 % (no
  gain there, one more in-scope refusal). Shipped: l2 1, weight 0.8, refuse below 0.37 (what the selection picks on
  all 198); in sample dev 0 %/100 %, hit@1/hit@3 0.86/0.99. own9's LOSO figure is not independent of the bank: one
  writer wrote both. The six rule-of-thumb bank questions were added after a CLI test's in-scope question ("how much
  sprint time ...", a share the articles give) was refused; written on other subjects, they cost LOSO pooled 71 ->
  66 % out of scope (own6 25 -> 12 %, own9 90 -> 80 %) and brought the shipped threshold from 0.44 to 0.37;
- not adopted: the bank without those six (97 questions): LOSO dev 2.7 %/83 %, own 0 %/73 %, own6 0 %/25 %, own9
  0 %/90 %, pooled 1.3 %/71 %, dev CV 2.7 %/83 %; shipped knobs l2 3, weight 1.0, refuse below 0.44, which refused
  that CLI question and turned a stage question's weak answer into a refusal;
- not adopted: the model without a bank (labelled questions only): LOSO dev 2.7 %/100 %, own 0 %/91 %, own6 9.1 %/
  12 %, own9 0 %/70 %, pooled 2.5 %/73 %, dev CV 2.7 %/83 % (more in-scope refusals for new writers; chosen against
  after seeing both rows, a two-way choice on the measured sets);
- not adopted: the bank alone (no labelled questions; l2 0.03-3): LOSO dev 0-1.4 %/92 %, own 3.2 %/73-82 %, own6
  0-4.5 %/12 %, own9 0 %/20-60 %;
- not adopted: the score taken off only when positive (a question that reads in scope gains nothing; 97-question
  bank): pooled LOSO 1.3 %/73 %, own6 0 %/38 %, own9 0 %/80 %, but dev CV 4.1 %/83 % and the weight at the grid's
  edge (1.5).
- not adopted (ranking): the other writers' labelled questions as a nearest-neighbour vote for their gold sections
  (the m = 3 or 5 nearest in-scope questions of the other sets, weighted by similarity, added with weight w to a
  1/(rank + 2) score of the shipped top ten; scratch probe, not in the code): LOSO hit@1/hit@3 (no refusals) at w 0
  dev 0.86/0.99, own 0.84/0.97, own6 0.68/0.91, own9 0.73/0.93; w 0.1-0.4 moves no question's rank 1; w 0.8, m 3:
  own 0.84 -> 0.81, own6 hit@3 0.91 -> 0.86, own9 hit@3 0.93 -> 0.97: no gain at rank 1 for any writer.
Measured by scope11 (second table; figures in-scope refused / out-of-scope refused). A fifth writer's set,
tests/data/retrieval_scope11.yaml (36 questions in Slack style: 27 in scope, 9 near-domain out of scope), was written
before any change and is unseen in the strict sense: in no fit and no selection (knowledge/scope.py fits on
retrieval_own*.yaml only), measured with the model fitted on every other labelled question and the shipped knobs.
Before (rank9's linear model): dev CV 2.7 %/83 %, LOSO pooled (198) 1.3 %/66 %, scope11 0 %/89 % (hit@1/hit@3 0.81/
0.96). An earlier attempt at a neighbour term was lost (only its figures survive: dev CV 1.4 %/92 %, LOSO pooled
0 %/78 %); it subtracted the score linearly, so a question reading very much in scope gained evidence and an
off-topic question was answered (tests/unit/knowledge/test_index.py's tomatoes). Rebuilt here:
- adopted: the score is ridge + a x neighbour margin (the mean similarity of the question's k nearest labelled
  out-of-scope questions, bank included, minus that of its k nearest in-scope ones), and it meets the evidence
  bounded: weight x max(score - floor, 0), so it only ever takes evidence away. l2 (1/3/10), k (3/5), a (0/1/2/4/8),
  floor (0/-0.25/-0.5/-1), weight and threshold are chosen by the same selection (inner leave-one-set-out, scores out
  of fold), now allowed 1 % of the training in-scope questions refused instead of 2 % (rates measured out of fold run
  above those the selection sees). After: dev CV 1.4 %/92 % (hit@1/hit@3 0.85/0.97), LOSO dev 0 %/92 %, own 0 %/82 %,
  own6 0 %/25 %, own9 0 %/80 %, pooled 0 %/73 % (refused or weak 85 %, was 80 %), scope11 3.7 %/100 % (one in-scope
  question refused: a data-quality question whose wording sits between the two sides; hit@1/hit@3 0.78/0.93).
  Shipped: l2 3, k 5, a 8, floor -0.5, weight 0.6, refuse below 0.29 (what the selection picks on all 198). Off-topic
  questions asked the articles' way (a chef, a wedding planner) were answered outright before, since their negative
  score added evidence; now they keep their weak corpus-side match (test_retrieval_scope.py). The charter question of
  test_retrieval_scope.py's near-domain list is answered now (its nearest in-scope questions share its subject: a
  known miss, marked there);
- not adopted: the same grid (k 3) at the 2 % allowance: dev CV 2.7 %/100 %, pooled 0.6 %/78 %, scope11 3.7 %/100 %;
- not adopted: the bounded ridge alone (no neighbours): floor 0 at 2 % dev CV 4.1 %/83 %, pooled 1.3 %/66 %, scope11
  0 %/78 %; the floor chosen too (1 %) dev CV 4.1 %/83 %, pooled 3.2 %/56 %, scope11 0 %/44 %; rank9's linear ridge
  at the 1 % allowance: dev CV 4.1 %/83 %, pooled 1.3 %/56 %, scope11 0 %/44 %;
- not adopted: the neighbour term unbounded (subtracted linearly, the lost attempt's shape; 1 %): dev CV 1.4 %/100 %,
  pooled 0 %/73 %, scope11 3.7 %/100 %, the same figures without the bound's guarantee;
- not adopted: the neighbour term at 0 floor only (clamped at zero): at 1 % dev CV 0 %/83 %, pooled 1.9 %/68 %; at 2 %
  dev CV 1.4 %/92 % but own6 in-scope refused 13.6 %, pooled 2.5 %/78 %;
- not adopted: k fixed at 1 (2 %: dev CV 5.4 %/100 %, pooled 3.8 %/76 %), 3 (1 %: 1.4 %/100 %, pooled 0 %/73 %) or 5
  (1 %: 0 %/92 %, pooled 0 %/76 %) instead of chosen; a up to 16 and floor down to -2 (1 %: dev CV 1.4 %/100 %, pooled
  0 %/76 %, scope11 3.7 %/89 %); fewer in-scope refusals as a tie-break (2 %: dev CV 2.7 %/100 %, pooled 0.6 %/78 %);
  a 0 % allowance (dev CV 0 %/92 %, pooled 0 %/68 %, scope11 3.7 %/89 %);
- not adopted: neighbours among the bank alone (dev CV 5.4 %/92 %, pooled 1.3 %/71 %) or among the labelled sets
  alone (dev CV 4.1 %/83 %, pooled 1.9 %/63 %): the two together separate best;
- not adopted: a kernel margin in place of the k nearest (tau x log-mean-exp of similarity / tau, out minus in, tau
  0.02 or 0.05 chosen in its place; scratch probe): dev CV 5.4 %/100 %, pooled 1.9 %/71 %, scope11 0 %/100 %.
Still weak after scope11: LOSO pooled out-of-scope refused 73 % (target 90 %), own6's near-domain questions 25 %
(a template, adoption measurement, a budget split: their nearest questions share the articles' subjects, the same
reason a request to draft a governance committee's charter is answered); on scope11 one in-scope question of 27 is
refused; weak answers rose a little where the threshold fell (dev in sample 3 -> 8 % of in-scope questions).
What is still weak: own6's near-domain questions (a template, adoption measurement, a budget split, contract terms,
stakeholder mapping, staffing, works council: read by rank9 while analysing this change, never tuned on) read as in
scope to a model fitted on the other writers; the ranking (hit@1 0.73 on own9, 0.68 on own6) is unchanged.
Measured by rank15 (issue 10, ranking only) and not adopted: fusion variants over the shipped signals, rebuilt in numpy
from each question's cached per-section signals (the rebuild reproduces the shipped top three on every question of
every set), each knob chosen by MRR inside the folds by Method.tune. None moves the evidence, so every row keeps CV
in-scope refused 1.4 %, out-of-scope refused 92 % and the own sets' refusals. Shipped: dev whole 0.851/0.97/0.909
(hit@1/hit@3/MRR), CV 0.851/0.97/0.909; hit@1/hit@3 own 0.84/0.97, own6 0.68/0.77, own9 0.73/0.93, scope11 0.81/0.96.
Figures are whole-set dev hit@1 (hit@3) and own-set hit@1 at each knob value; in all but three the folds pick
the shipped setting, so CV is the shipped 0.851/0.97/0.909 (not so for soft votes, min-max and multi-part, below):
- the pack's vote weighted by its confidence: a bonus of b z-units to the section when pack BM25 and pack vector
  pick the same one (b 0.5: dev 0.85, scope11 0.78; b 1-2: dev 0.81, own 0.84-0.77); the pack's z lead of its first
  section over its second times c added to that section (c 0.25-1: dev 0.82-0.81, own 0.84-0.74, own6 0.68-0.64,
  scope11 0.74-0.70); the pack vector at weight 0.25-1 only when its nearest entry's similarity reaches 0.5/0.6/0.7
  (dev 0.85-0.84, own 0.84-0.71, scope11 0.78-0.81); the agreement bonus with the two lexical weights re-chosen in the
  same grid (0.5/0.75/1 x 0/0.25): best own 0.87 (pack BM25 0, bonus 0.5) at dev 0.78;
- cross-signal agreement: 0.25-1 per signal beyond the first that ranks the section first (dev 0.84-0.77, own
  0.84-0.81, own9 0.73-0.70, scope11 0.85-0.89); 0.5-1.5 when at least two agree (dev 0.84-0.78, own 0.81, scope11
  0.89) or three (dev 0.85-0.81, own9 0.70); the same with the lexical weights re-chosen: dev 0.77-0.84;
- each signal's weight times 1 + c x its own z lead of first over second (c 0.25-2, lead uncapped or capped at 1):
  dev 0.81-0.76 (hit@3 0.97-0.99), own 0.84-0.81;
- soft votes: each signal's softmax over sections (temperature 0.5/1) at its weight, the sum added x1-4: dev
  0.82-0.78 (hit@3 0.99); one fold picks it: CV 0.811/0.97/0.889;
- other normalisations in place of the z-score: min-max dev 0.865/0.97/0.913 but own9 0.70, CV 0.851/0.97/0.907
  (four folds pick it, no gain); margin over the mean in units of the top's (dev 0.85, hit@3 0.95, own 0.77); z over
  the top 5 or 10 sections (0.84/0.82, hit@3 0.93); median/MAD (0.73); sign(z)|z|^p, p 0.5/1.5/2 (0.81/0.80/0.77);
- query reformulation in the pack's vocabulary: the terms of the pack entry nearest the question by meaning as a
  second BM25 query over the expanded sections, z-fused at 0.25-1: dev 0.76-0.65, own 0.77-0.55;
- multi-part chat questions (split at sentence ends, " - " and ";": 19 dev, 9/13/10/14 own, own6, own9, scope11):
  each part embedded too, the passage and sentence views from the max over parts, the mean of parts or the max of the
  parts' z, mixed in at 0.25-1: dev 0.84-0.85 (hit@3 0.95-0.97), own 0.81-0.84 (hit@3 0.90-0.97), scope11 0.70-0.81;
  the folds disagree: CV 0.838/0.96/0.901.
The agreement bonuses raise scope11 (0.81 -> 0.89) while dev and own fall: the shipped fusion's shape was settled on
dev, so its CV figure is not independent of those design choices, but no variant gains on dev, own and own6 together.
Measured in session 17 and not adopted: mending Slack typos against the indexed texts' words before ranking (a word
of five letters or more whose stem the index lacks, one edit from a word the texts use, and no English word as it
stands nor with an apostrophe put back: "sprnt" -> "sprint", "adress" -> "address"; British spellings fold to the
texts' American ones). Dev unchanged (no typos there); unseen17 (the only set with typos) shipped hit@1 0.74 -> 0.68
(the mended "address" drew BM25 to sections about addressing debt, where the misspelt question ranked by meaning
alone); LOSO own out of scope refused 82 -> 73 % (the scope model reads the folded spellings differently).
Adopted, each measured in the table against the row before it:
- rank6: layout questions (knowledge/reading_order.py). A question about the documents' layout (what comes next,
  what came before, which article covers a subject) is recognised by its similarity to a bank of such questions in
  our own words, grouped by direction; when the nearest reaches the gate, sections gain weight x the z-score of their
  role in the direction the two nearest bank questions of each group vote for. Roles come from the corpus structure:
  a numbered article's last section looks ahead, its first introduces, and the share of a section's sentences that
  refer to another article or module by number makes it a pointer (and a look-ahead). Weight (0/1/2/3) and gate
  (0.45-0.6) chosen in the folds (every fold picks 2.0 / 0.45): CV hit@1 0.838 -> 0.851, hit@3 0.946 -> 0.973, MRR
  0.895 -> 0.909; own unchanged (0.84 / 0.97 / 0.90); own6 hit@1 0.64 -> 0.68, MRR 0.72 -> 0.75. Three of the five
  layout questions of the dev set sit in one fold, so the folds could as well have missed it: the evidence is thin;
- rank5: section BM25 over the section's text with the pack entries restating it as one document (document expansion
  by the pack's plain wording; a section no entry restates keeps its own text, so it is not marked down as a separate
  pack signal with a fill value would be), with the best pack entry's BM25 kept at its own weight; the two weights
  chosen in the folds from 3 x 3 (every fold picks 0.75 / 0.25): CV hit@1 0.78 -> 0.84, hit@3 0.92 -> 0.95, MRR 0.862
  -> 0.895; own set unchanged (0.84 / 0.97 / 0.902). The grid's neighbours give CV 0.78-0.81 hit@1: the peak is sharp;
- the unknown-term evidence (knowledge/unknown_terms.py): a question whose glossary terms no indexed text uses loses
  evidence, which refuses near-domain questions; its penalty is tuned with the threshold on the training folds;
- BM25 over whole sections instead of the best passage's: CV hit@1 0.770 -> 0.784, MRR 0.856 -> 0.862, but hit@3
  0.932 -> 0.919 (one question); own set hit@1 0.806 -> 0.839, hit@3 0.935 -> 0.968, MRR 0.883 -> 0.902.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import SHARED, isolated_settings, table, verdict  # noqa: E402

TARGETS = {"hit@1": 0.90, "hit@3": 0.97, "in_refused": 0.02, "out_refused": 0.90}
DEV_SETS = ("retrieval_dev.yaml", "retrieval_chat_dev.yaml")
OWN_SET = Path(__file__).resolve().parents[1] / "tests" / "data" / "retrieval_own.yaml"
# rank6's 30, written before that session changed the engine; like the first, a column that judges and is never tuned on
OWN6_SET = OWN_SET.with_name("retrieval_own6.yaml")
# rank9's 40, written before that session changed the engine (the scope model's leave-one-set-out rows hold it out)
OWN9_SET = OWN_SET.with_name("retrieval_own9.yaml")
# scope11's 36, written before that session changed the engine: unseen in the strict sense, in no fit and no selection
# (knowledge/scope.py fits on retrieval_own*.yaml only); the scope study measures it with what ships
SCOPE11_SET = OWN_SET.with_name("retrieval_scope11.yaml")
# blind15's set (2026-12-03), named apart from retrieval_own*.yaml so the scope model never fits on it: strictly unseen.
UNSEEN15_SET = OWN_SET.with_name("retrieval_unseen15.yaml")
# blind16's set (2026-12-03), the same way: measured blind at that session's start (f0122f0): hit@1 0.68, hit@3 0.74,
# in-scope refused 10.5 % by the corpus-side rule; with the shipped scope model (knobs chosen without it) hit@1 0.68,
# hit@3 0.79, in-scope refused 5.3 %, out of scope refused 80 %.
UNSEEN16_SET = OWN_SET.with_name("retrieval_unseen16.yaml")
# blind17's set (2026-12-03), the same way: measured blind (retrieval unchanged since that session's start, ce2c72f):
# shipped ranking hit@1 0.74, hit@3 0.84, in-scope refused 5.3 % by the corpus-side rule; with the shipped scope model
# the same hit@1 0.74, hit@3 0.84, in-scope refused 5.3 %, out of scope refused 80 %.
UNSEEN17_SET = OWN_SET.with_name("retrieval_unseen17.yaml")
# blind18's set (2026-12-04), the same way: measured blind (retrieval unchanged since session 17's start, ce2c72f):
# shipped ranking hit@1 0.79, hit@3 0.95, MRR 0.87, in-scope refused 0 % by the corpus-side rule; with the shipped
# scope model the same ranking, in-scope refused 0 %, out of scope refused 100 % (5 of 5).
UNSEEN18_SET = OWN_SET.with_name("retrieval_unseen18.yaml")
# blind19's set (2026-12-05), the same way: measured blind (retrieval unchanged since session 17's start, ce2c72f):
# shipped ranking hit@1 0.71, hit@3 0.88, MRR 0.81, in-scope refused 0 % by the corpus-side rule; with the shipped
# scope model the same ranking, in-scope refused 0 %, out of scope refused 60 % (3 of 5).
UNSEEN19_SET = OWN_SET.with_name("retrieval_unseen19.yaml")
# blind20's set (2026-12-06), the same way: measured blind (retrieval unchanged since session 17's start, ce2c72f):
# shipped ranking hit@1 0.83, hit@3 0.96, MRR 0.90, in-scope refused 0 % by the corpus-side rule (out of scope 0 %); with
# the shipped scope model the same ranking, in-scope refused 0 %, out of scope refused 67 % (4 of 6).
UNSEEN20_SET = OWN_SET.with_name("retrieval_unseen20.yaml")
UNSEEN = ("scope11", "unseen15", "unseen16", "unseen17", "unseen18", "unseen19", "unseen20")  # groups of the scope study that are only ever measured
FOLDS = 5
SEED = 0
# The grid: few knobs on purpose (86 questions cannot support many). Ranking weights first, then one threshold.
LEXICAL_WEIGHTS = (0.5, 1.0, 0.25)
PACK_WEIGHTS = (0.0, 0.25)
# The shipped unit's two lexical weights: the section's text with its pack entries', and the best pack entry alone.
SECTION_WEIGHTS = (0.5, 0.75, 1.0)
PACK_LEXICAL_WEIGHTS = (0.0, 0.25, 0.5)
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.15, 0.46, 0.01))
# Evidence off per technical term the texts never use; tuned with the threshold (it moves refusals, not ranks).
PENALTIES = (0.075, 0.0, 0.025, 0.05, 0.1, 0.15)
# rank6's layout questions: the weight of the orienting sections' role, and the bank similarity that opens the gate
LAYOUT_WEIGHTS = (0.0, 1.0, 2.0, 3.0)
LAYOUT_GATES = (0.45, 0.5, 0.55, 0.6)
# rank9's scope model (knowledge/scope.py): its ridge regularisation and evidence weight, chosen with the threshold
# by the selection below (inner leave-one-set-out over the training sets' questions)
SCOPE_L2S = (1.0, 3.0, 10.0)
SCOPE_WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5)
SCOPE_THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.15, 0.61, 0.01))
# scope11's neighbour term and bound: the neighbours read per side, the term's weight in the score, the floor above
# which the score takes evidence away, and the share of training in-scope questions the selection may refuse (1 %,
# under the 2 % target: rates measured out of fold run above those the selection sees; at 2 % dev CV refused 2.7 %)
SCOPE_NEIGHBOURS = (3, 5)
SCOPE_NEIGHBOUR_WEIGHTS = (0.0, 1.0, 2.0, 4.0, 8.0)
SCOPE_FLOORS = (0.0, -0.25, -0.5, -1.0)
SCOPE_CAP = 0.01


def _rank6():
    from knowledge.retrieve import Calibration

    # The method before rank9: the shipped ranking, refusal on the corpus side only (threshold and penalty tuned on dev)
    return Calibration(scope_weight=0.0, refuse_below=0.35, unknown_term_penalty=0.075)


RANK6 = _rank6()


@dataclass
class Outcome:
    """One question's result under one setting: the sections in rank order and the verdict."""

    ranked: list[tuple[str, str]]
    refused: bool
    weak: bool = False


def ranked_sections(chunks, order) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []
    for i in order:
        key = (chunks[i].source, chunks[i].section)
        if key not in seen:
            seen.append(key)
    return seen


def load_cases(paths: list[Path]) -> list[dict]:
    """The questions of every development file, in order."""
    return [case for path in paths for case in yaml.safe_load(path.read_text())["cases"]]


def score(cases: list[dict], outcomes: list[Outcome]) -> dict:
    """hit@1, hit@3, MRR (a refused in-scope question is a miss), refusal and weak rates, and the misses."""
    hit1 = hit3 = rr = 0.0
    n_in = n_out = in_refused = out_refused = in_weak = out_weak = 0
    misses = []
    for case, out in zip(cases, outcomes):
        if case.get("abstain"):
            n_out += 1
            out_refused += out.refused
            out_weak += out.weak
            if not out.refused:
                misses.append((case["q"], "answered" + (" (weak)" if out.weak else ""), out.ranked[:1]))
            continue
        n_in += 1
        in_refused += out.refused
        in_weak += out.weak
        want = {(case["source"], s) for s in case["sections"]}
        rank = None if out.refused else next((n for n, key in enumerate(out.ranked, 1) if key in want), None)
        hit1 += rank == 1
        hit3 += rank is not None and rank <= 3
        rr += 1.0 / rank if rank else 0.0
        if rank != 1:
            misses.append((case["q"], f"rank {rank}" + (" (refused)" if out.refused else ""), out.ranked[:3]))
    return {
        "hit@1": hit1 / max(n_in, 1), "hit@3": hit3 / max(n_in, 1), "MRR": rr / max(n_in, 1),
        "in_refused": in_refused / max(n_in, 1), "out_refused": out_refused / max(n_out, 1),
        "in_weak": in_weak / max(n_in, 1), "out_weak": out_weak / max(n_out, 1),
        "out_refused_or_weak": (out_refused + out_weak) / max(n_out, 1), "misses": misses,
    }


def evaluate(cases, rank_fn) -> dict:
    """rank_fn(question) -> (list of (source, section) best first, abstained); the shape tests use."""
    outcomes = [Outcome(*rank_fn(case["q"])) for case in cases]
    result = score(cases, outcomes)
    result["abstain_ok"] = result["in_refused"] == 0 and result["out_refused"] == 1
    return result


def folds(cases: list[dict], k: int = FOLDS, seed: int = SEED) -> list[list[int]]:
    """Stratified folds: in-scope and out-of-scope questions shuffled (fixed seed) and dealt round-robin."""
    rng = np.random.default_rng(seed)
    out: list[list[int]] = [[] for _ in range(k)]
    for group in (False, True):
        idx = [i for i, c in enumerate(cases) if bool(c.get("abstain")) == group]
        rng.shuffle(idx)
        for n, i in enumerate(idx):
            out[n % k].append(i)
    return [sorted(f) for f in out]


def pick_threshold(cases: list[dict], evidence: list[float]) -> float:
    """The threshold that refuses the most out-of-scope questions while refusing ≤ 2 % of in-scope ones (lowest on ties)."""
    return _pick(cases, evidence)[0]


def _pick(cases: list[dict], evidence: list[float]) -> tuple[float, int]:
    best, best_out = THRESHOLDS[0], -1
    for t in THRESHOLDS:
        refused = [e < t for e in evidence]
        n_in = sum(not c.get("abstain") for c in cases)
        in_ref = sum(r for r, c in zip(refused, cases) if not c.get("abstain")) / max(n_in, 1)
        out_ref = sum(r for r, c in zip(refused, cases) if c.get("abstain"))
        if in_ref <= TARGETS["in_refused"] and out_ref > best_out:
            best, best_out = t, out_ref
    return best, best_out


def evidence_at(item: tuple, penalty: float) -> float:
    """A question's evidence with `penalty` taken off per unknown technical term (items without a count have none)."""
    return item[1] - penalty * item[2] if len(item) > 2 else item[1]


class Method:
    """A retriever's knobs and how to run it: `settings` lists the grid, `run` answers every question under one."""

    def __init__(self, name: str, settings: list, run: Callable[[object], list[tuple]],
                 shipped=None, tunable: bool = True, weak_band: float = 0.0, penalties: tuple = (0.0,)):
        self.name, self.settings, self._run, self.shipped = name, settings, run, shipped
        self.tunable, self.weak_band, self.penalties = tunable, weak_band, penalties
        self._cache: dict = {}

    def raw(self, setting) -> list[tuple]:
        """(ranked sections, evidence[, unknown technical terms]) per question, computed once per setting."""
        key = repr(setting)
        if key not in self._cache:
            self._cache[key] = self._run(setting)
        return self._cache[key]

    def tune(self, cases: list[dict], idx: list[int]) -> tuple[object, tuple[float, float]]:
        """Pick the ranking setting by MRR on idx, then the refusal (threshold, unknown-term penalty) on idx."""
        sub = [cases[i] for i in idx]
        def mrr(setting):
            raw = self.raw(setting)
            return score(sub, [Outcome(raw[i][0], False) for i in idx])["MRR"]
        setting = max(self.settings, key=mrr)  # max keeps the first of equals: the grid lists defaults first
        raw = self.raw(setting)
        picks = [(_pick(sub, [evidence_at(raw[i], p) for i in idx]), p) for p in self.penalties]
        (threshold, _), penalty = max(picks, key=lambda x: x[0][1])  # most refused; the first (shipped) penalty on ties
        return setting, (threshold, penalty)

    def outcomes(self, setting, refusal: tuple[float, float], weak_band: float, idx: list[int]) -> list[Outcome]:
        raw, (threshold, penalty) = self.raw(setting), refusal
        ev = {i: evidence_at(raw[i], penalty) for i in idx}
        return [Outcome(raw[i][0], ev[i] < threshold, threshold <= ev[i] < threshold + weak_band) for i in idx]


def cross_validate(method: Method, cases: list[dict], weak_band: float) -> tuple[dict, list]:
    """Knobs chosen on four folds, measured on the fifth; the five test folds pooled."""
    order, outcomes, picks = [], [], []
    for test in folds(cases):
        train = [i for i in range(len(cases)) if i not in set(test)]
        setting, threshold = method.tune(cases, train)
        picks.append((setting, threshold))
        order += test
        outcomes += method.outcomes(setting, threshold, weak_band, test)
    return score([cases[i] for i in order], outcomes), picks


def build_methods(services, cases):
    """BM25 only, dense only, the retriever shipped before issue 10, and the shipped one."""
    from benchmarks.baseline_v1 import Corpus as V1Corpus, ExactDense as V1Dense, HybridRetriever as V1Retriever
    from knowledge.retrieve import Calibration
    from knowledge.text import terms

    index = services.index
    retriever = index.retriever()
    corpus, chunks = retriever.corpus, retriever.corpus.chunks
    bok = np.array([c.kind in ("bok", "doc") for c in chunks])
    qs = [c["q"] for c in cases]

    def bm25_only(_):
        out = []
        for q in qs:
            s = np.where(bok, corpus.bm25(terms(q)), 0)
            order = [i for i in np.argsort(-s) if s[i] > 0]
            out.append((ranked_sections(chunks, order), float(s.max()) / 10))  # evidence: top BM25, scaled to the grid
        return out

    def dense_only(_):
        out = []
        for q in qs:
            sims = corpus.dense.similarities(index.embed_query(q), bok)
            order = list(np.argsort(-sims))
            out.append((ranked_sections(chunks, order), float(sims[order[0]])))
        return out

    old = V1Retriever(V1Corpus(chunks, corpus.tokens, V1Dense(corpus.dense.matrix)), index.embed_query)

    def old_shipped(_):
        out = []
        for q in qs:
            r = old.search(q, k=services.settings.top_k)
            out.append((ranked_sections([h.chunk for h in r.hits], range(len(r.hits))), 0.0 if r.abstained else 1.0))
        return out

    mask = retriever.mask()

    def new(setting, unit="section+pack"):
        lam, second, *layout = setting  # section+pack: (section BM25, pack BM25) weights; the older units: (BM25, pack vector)
        knobs = dict(lexical_weight=lam, pack_lexical_weight=second, pack_weight=0.0) if unit == "section+pack" \
            else dict(lexical_weight=lam, pack_weight=second)
        knobs.update(zip(("layout_weight", "layout_gate"), layout or (0.0, 0.6)))
        knobs["scope_weight"] = 0.0  # the scope model is measured apart (scope_study): it is fitted on labelled sets
        # The highest threshold of the grid, so unknown terms are looked up wherever any threshold could need them.
        cal = replace(Calibration(), refuse_below=max(THRESHOLDS), unknown_term_penalty=max(PENALTIES), lexical_unit=unit, **knobs)
        out = []
        for q in qs:
            ranking = retriever.rank(q, mask, cal)
            base = ranking.evidence + cal.unknown_term_penalty * len(ranking.unknown)
            out.append((ranked_sections(chunks, ranking.order), base, len(ranking.unknown)))
        return out

    shipped = RANK6
    rank5 = replace(RANK6, layout_weight=0.0)  # the method before rank6: no layout questions
    before = (0.5, 0.0)  # the (BM25, pack vector) weights the section and passage units shipped with
    old_grid = [before] + [s for s in itertools.product(LEXICAL_WEIGHTS, PACK_WEIGHTS) if s != before]
    picked = (rank5.lexical_weight, rank5.pack_lexical_weight)
    grid = [picked] + [s for s in itertools.product(SECTION_WEIGHTS, PACK_LEXICAL_WEIGHTS) if s != picked]
    layout = (*picked, shipped.layout_weight, shipped.layout_gate)
    layout_grid = [layout] + [s for s in ((*picked, w, g) for w, g in itertools.product(LAYOUT_WEIGHTS, LAYOUT_GATES)) if s != layout]
    return [
        Method("BM25 only", [None], bm25_only),
        Method("dense only", [None], dense_only),
        Method("old shipped (RRF + coverage rule)", [None], old_shipped, shipped=(None, (0.5, 0.0)), tunable=False),
        Method("previous: z-fusion, passage BM25", old_grid, lambda setting: new(setting, "passage"),
               shipped=(before, (0.36, 0.0)), weak_band=shipped.weak_band),
        Method("previous + unknown technical terms", old_grid, lambda setting: new(setting, "passage"),
               shipped=(before, (0.35, 0.075)), weak_band=shipped.weak_band, penalties=PENALTIES),
        Method("previous: section BM25 + unknown terms", old_grid, lambda setting: new(setting, "section"),
               shipped=(before, (0.35, 0.075)), weak_band=shipped.weak_band, penalties=PENALTIES),
        Method("previous: section + pack text BM25", grid, new,
               shipped=(picked, (rank5.refuse_below, rank5.unknown_term_penalty)),
               weak_band=rank5.weak_band, penalties=PENALTIES),
        Method("shipped ranking: + layout questions (refusal before rank9)", layout_grid, new,
               shipped=(layout, (shipped.refuse_below, shipped.unknown_term_penalty)),
               weak_band=shipped.weak_band, penalties=PENALTIES),
    ], shipped


SIGNALS = ("chunk", "sentence", "bm25", "pack_bm25", "pack")


def signal_ranks(retriever, question: str) -> tuple[dict[tuple[str, str], dict[str, int]], list[tuple[str, str]]]:
    """Per (source, section): its rank in each signal; and the sections in shipped order."""
    mask = retriever.mask()
    sig = retriever.signals(question, mask)
    chunks = retriever.corpus.chunks
    keys: dict[int, tuple[str, str]] = {}
    for i, c in enumerate(chunks):  # a section is named by its source passages, as the hits count it
        if sig.rep[i]:
            keys.setdefault(retriever.section_of(i), (c.source, c.section))
    ranks: dict[tuple[str, str], dict[str, int]] = {key: {} for key in keys.values()}
    for name in SIGNALS:
        values = np.where(sig.live, sig.per[name], -np.inf)
        for n, sec in enumerate(int(x) for x in np.argsort(-values, kind="stable") if sig.live[x] and int(x) in keys):
            ranks[keys[sec]][name] = n + 1
    return ranks, ranked_sections(chunks, retriever.rank(question, mask).order)


def miss_cause(gold: dict[str, int]) -> str:
    """Which signal, if any, already ranked the gold section first: where a better fusion could have found it."""
    first = [name for name in SIGNALS if gold.get(name) == 1]
    if not first:
        return "no signal ranks it first"
    if set(first) <= {"pack_bm25", "pack"}:
        return "only the pack ranks it first"
    if set(first) <= {"bm25", "pack_bm25"}:
        return "only BM25 ranks it first"
    if set(first) <= {"chunk", "sentence"}:
        return "only a dense view ranks it first"
    return "several signals rank it first, the fusion does not"


def analyse(retriever, cases: list[dict], missed: set[str], label: str) -> None:
    """The error analysis: per miss, gold and top three with each signal's rank; then the misses counted by cause."""
    causes: dict[str, int] = {}
    short = {"chunk": "vec", "sentence": "sent", "bm25": "bm25", "pack_bm25": "packbm25", "pack": "packvec"}
    for case in cases:
        if case.get("abstain") or case["q"] not in missed:
            continue
        ranks, order = signal_ranks(retriever, case["q"])
        want = [(case["source"], s) for s in case["sections"] if (case["source"], s) in ranks]
        rank = next((n for n, key in enumerate(order, 1) if key in want), None)
        gold = min(want, key=lambda k: order.index(k) if k in order else len(order)) if want else None
        cause = miss_cause(ranks[gold]) if gold else "gold section not indexed"
        causes[cause] = causes.get(cause, 0) + 1
        print(f"[{label}] rank {rank}: {case['q']}\n      gold  {gold[1] if gold else case['sections']}: "
              + (" ".join(f"{short[n]}={ranks[gold].get(n)}" for n in SIGNALS) if gold else "") + f"  ({cause})")
        for key in order[:3]:
            print(f"      top   {key[1]} ({key[0]}): " + " ".join(f"{short[n]}={ranks[key].get(n)}" for n in SIGNALS))
    print(f"[{label}] misses by cause: " + ", ".join(f"{k}: {v}" for k, v in sorted(causes.items(), key=lambda x: -x[1])))


@dataclass
class Asked:
    """One labelled question of any writer's set, run once with the scope model off: what the study refits on."""

    group: str  # the set (writer) it comes from
    case: dict
    ranked: list[tuple[str, str]]
    evidence: float  # corpus-side evidence, the unknown-term penalty taken off
    qvec: np.ndarray


def asked(services, named_sets: list[tuple[str, list[dict]]]) -> list[Asked]:
    """Every question of every set, ranked by the shipped retriever with the scope model off."""
    from knowledge.retrieve import Calibration

    retriever = services.index.retriever()
    mask = retriever.mask()
    # refusal far above any threshold, so unknown terms are looked up for every question (the verdicts are the same)
    cal = replace(Calibration(), scope_weight=0.0, refuse_below=10.0)
    out = []
    for name, cases in named_sets:
        for case in cases:
            ranking = retriever.rank(case["q"], mask, cal)
            out.append(Asked(name, case, ranked_sections(retriever.corpus.chunks, ranking.order), ranking.evidence,
                             retriever.embed_query(case["q"])))
    return out


_BANK: list = []  # the scope bank's vectors and labels, embedded once


def scope_bank(embed) -> tuple[np.ndarray, list[bool]]:
    """knowledge/scope_bank.yaml's questions embedded, with their labels: part of every fit, never measured."""
    from knowledge.scope import bank

    if not _BANK:
        questions, labels = bank()
        _BANK.append((np.array([embed(q) for q in questions]), labels))
    return _BANK[0]


def _scope_parts(rows: list[Asked], train: list[int], test: list[int], l2: float, ks) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """The test questions' ridge score and neighbour margin (per k), both from the train questions and the bank."""
    from knowledge.scope import fit, neighbour_margin, ridge_score

    bx, by = _BANK[0] if _BANK else (np.zeros((0, len(rows[0].qvec))), [])
    x = np.vstack([np.array([rows[i].qvec for i in train]), bx])
    y = np.array([bool(rows[i].case.get("abstain")) for i in train] + list(by), dtype=bool)
    w, b = fit(x, y, l2)
    q = np.array([rows[i].qvec for i in test])
    return ridge_score(w, b, q), {k: neighbour_margin(q, x, y, k) for k in ks}


@dataclass(frozen=True)
class ScopeGrid:
    """What a scope selection chooses from, how the score meets the evidence, and the in-scope refusals it allows."""

    weights: tuple = SCOPE_WEIGHTS
    l2s: tuple = SCOPE_L2S
    neighbours: tuple = SCOPE_NEIGHBOURS
    neighbour_weights: tuple = SCOPE_NEIGHBOUR_WEIGHTS
    floors: tuple = SCOPE_FLOORS
    bounded: bool = True  # the score only takes evidence away (above the floor); unbounded, a negative one adds
    cap: float = SCOPE_CAP


class ScopeKnobs(NamedTuple):
    l2: float
    neighbours: int
    neighbour_weight: float
    floor: float
    weight: float
    threshold: float

    def label(self) -> str:
        return f"{self.l2:g}/{self.neighbours}/{self.neighbour_weight:g}/{self.floor:g}/{self.weight:g}/{self.threshold:.2f}"


SHIPPED_SCOPE = ScopeGrid()
# rank9's scope model: the ridge score alone, subtracted linearly (a negative score adds evidence), 2 % allowed
RANK9_SCOPE = ScopeGrid(neighbours=(3,), neighbour_weights=(0.0,), floors=(0.0,), bounded=False, cap=TARGETS["in_refused"])
CORPUS_ONLY = ScopeGrid(weights=(0.0,), l2s=(SCOPE_L2S[0],), neighbours=(3,), neighbour_weights=(0.0,), floors=(0.0,),
                        cap=TARGETS["in_refused"])


def scope_penalty(ridge: np.ndarray, margin: np.ndarray, knobs: ScopeKnobs, bounded: bool = True) -> np.ndarray:
    """The evidence taken off: weight x (ridge + a x neighbour margin - floor), at least 0 when bounded."""
    s = ridge + knobs.neighbour_weight * margin - knobs.floor
    return knobs.weight * (np.maximum(s, 0.0) if bounded else s)


def select_scope(rows: list[Asked], train: list[int], grid: ScopeGrid = SHIPPED_SCOPE) -> ScopeKnobs:
    """The knobs refusing the most out-of-scope training questions with at most grid.cap of the in-scope ones refused.

    The scope scores it reads are out-of-fold: each training set's questions are scored by a model fitted on the
    other training sets (and their neighbours sought there), as a new writer's would be. Ties keep the lower
    weight, the lower neighbour weight, the floor nearer 0, fewer neighbours, then the lower threshold.
    """
    groups = sorted({rows[i].group for i in train})
    y = np.array([bool(rows[i].case.get("abstain")) for i in train], dtype=bool)
    ev = np.array([rows[i].evidence for i in train], dtype=float)
    thresholds = np.array(SCOPE_THRESHOLDS)
    best, best_key = ScopeKnobs(grid.l2s[0], grid.neighbours[0], 0.0, 0.0, 0.0, SCOPE_THRESHOLDS[0]), None
    for l2 in grid.l2s:
        ridge, margins = np.zeros(len(train)), {k: np.zeros(len(train)) for k in grid.neighbours}
        if max(grid.weights) > 0:
            for g in groups:
                held = [n for n, i in enumerate(train) if rows[i].group == g]
                rest = [i for i in train if rows[i].group != g]
                if rest:
                    r, m = _scope_parts(rows, rest, [train[n] for n in held], l2, grid.neighbours)
                    ridge[held] = r
                    for k in grid.neighbours:
                        margins[k][held] = m[k]
        for k, a, floor, w in itertools.product(grid.neighbours, grid.neighbour_weights, grid.floors, grid.weights):
            knobs = ScopeKnobs(l2, k, a, floor, w, 0.0)
            refused = (ev - scope_penalty(ridge, margins[k], knobs, grid.bounded))[:, None] < thresholds[None, :]
            ok = refused[~y].mean(axis=0) <= grid.cap if (~y).any() else np.ones(len(thresholds), dtype=bool)
            if not ok.any():
                continue
            out = np.where(ok, refused[y].sum(axis=0), -1)
            n = int(np.argmax(out))  # the lowest threshold among those refusing the most
            key = (int(out[n]), -w, -a, floor, -k, -float(thresholds[n]))
            if best_key is None or key > best_key:
                best, best_key = knobs._replace(threshold=float(thresholds[n])), key
    return best


def scope_outcomes(rows: list[Asked], train: list[int], test: list[int], knobs: ScopeKnobs, weak_band: float,
                   bounded: bool = True) -> list[Outcome]:
    if knobs.weight > 0:
        ridge, margins = _scope_parts(rows, train, test, knobs.l2, (knobs.neighbours,))
        pen = scope_penalty(ridge, margins[knobs.neighbours], knobs, bounded)
    else:
        pen = np.zeros(len(test))
    t = knobs.threshold
    ev = [rows[i].evidence - p for i, p in zip(test, pen)]
    return [Outcome(rows[i].ranked, e < t, t <= e < t + weak_band) for i, e in zip(test, ev)]


def scope_study(rows: list[Asked], weak_band: float) -> tuple[list[list[str]], ScopeKnobs, dict]:
    """The corpus-side refusal alone, rank9's linear scope model and the shipped bounded one, under the same protocols:
    5-fold CV on dev (fitted and chosen on the other dev folds and the own sets), leave-one-set-out (fitted and
    chosen on the other writers' sets), the knobs chosen on everything (what ships), and the unseen sets."""
    unseen = [i for i in range(len(rows)) if rows[i].group in UNSEEN]
    everyone = [i for i in range(len(rows)) if rows[i].group not in UNSEEN]  # what any fit or selection may read
    dev = [i for i in everyone if rows[i].group == "dev"]
    dev_cases = [rows[i].case for i in dev]
    sets = list(dict.fromkeys(rows[i].group for i in everyone))
    table_rows, results = [], {}
    shipped = "+ bounded scope model with neighbours (shipped)"
    studies = (("corpus evidence only", CORPUS_ONLY), ("+ linear scope model (rank9, shipped before)", RANK9_SCOPE),
               (shipped, SHIPPED_SCOPE))
    for label, grid in studies:
        def run(train, test, knobs):
            return scope_outcomes(rows, train, test, knobs, weak_band, grid.bounded)

        order, outs, picks = [], [], []
        for fold in folds(dev_cases):
            test = [dev[n] for n in fold]
            train = [i for i in everyone if i not in set(test)]
            knobs = select_scope(rows, train, grid)
            picks.append(knobs)
            order += test
            outs += run(train, test, knobs)
        cv = score([rows[i].case for i in order], outs)
        results[(label, "dev 5-fold CV")] = cv
        table_rows.append([label, "dev 5-fold CV", *fmt(cv)])
        pooled_cases, pooled = [], []
        for g in sets:
            test = [i for i in everyone if rows[i].group == g]
            train = [i for i in everyone if rows[i].group != g]
            knobs = select_scope(rows, train, grid)
            r = score([rows[i].case for i in test], outs_g := run(train, test, knobs))
            pooled_cases += [rows[i].case for i in test]
            pooled += outs_g
            results[(label, f"LOSO {g}")] = r
            table_rows.append(["", f"LOSO {g} ({len(test)}; knobs {knobs.label()})", *fmt(r)])
        r = score(pooled_cases, pooled)
        results[(label, "LOSO pooled")] = r
        table_rows.append(["", f"LOSO pooled ({len(pooled_cases)})", *fmt(r)])
        knobs = select_scope(rows, everyone, grid)
        for g in sets:
            test = [i for i in everyone if rows[i].group == g]
            r = score([rows[i].case for i in test], run(everyone, test, knobs))
            results[(label, f"whole {g}")] = r
            table_rows.append(["", f"{g}, in sample (knobs {knobs.label()})", *fmt(r)])
        for g in UNSEEN:  # fitted on every labelled question, knobs as shipped: exactly what a new writer meets
            test = [i for i in unseen if rows[i].group == g]
            if test:
                r = score([rows[i].case for i in test], run(everyone, test, knobs))
                results[(label, f"unseen {g}")] = r
                table_rows.append(["", f"{g} ({len(test)}), unseen: never fitted or tuned on", *fmt(r)])
        results[(label, "picks")] = (knobs, picks)
    protocols = ["dev 5-fold CV", "LOSO pooled"] + [f"unseen {g}" for g in UNSEEN if (shipped, f"unseen {g}") in results]
    for protocol in protocols:  # the targets, on the honest protocols
        r = results[(shipped, protocol)]
        table_rows.append([f"target (shipped, {protocol})", "",
                           f"≥ {TARGETS['hit@1']:.2f} {verdict(r['hit@1'] >= TARGETS['hit@1'])}",
                           f"≥ {TARGETS['hit@3']:.2f} {verdict(r['hit@3'] >= TARGETS['hit@3'])}", "",
                           f"≤ {TARGETS['in_refused']:.0%} {verdict(r['in_refused'] <= TARGETS['in_refused'])}",
                           f"≥ {TARGETS['out_refused']:.0%} {verdict(r['out_refused'] >= TARGETS['out_refused'])}", "", ""])
    return table_rows, results[(shipped, "picks")][0], results


def fmt(r: dict) -> list[str]:
    return [f"{r['hit@1']:.2f}", f"{r['hit@3']:.2f}", f"{r['MRR']:.2f}", f"{r['in_refused']:.1%}", f"{r['out_refused']:.0%}",
            f"{r['in_weak']:.0%}", f"{r['out_refused_or_weak']:.0%}"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, nargs="+", default=[SHARED / "eval" / f for f in DEV_SETS])
    parser.add_argument("--own", type=Path, nargs="+", default=[OWN_SET, OWN6_SET, OWN9_SET, SCOPE11_SET, UNSEEN15_SET, UNSEEN16_SET,
                                                                UNSEEN17_SET, UNSEEN18_SET, UNSEEN19_SET, UNSEEN20_SET],
                        help="our own unseen-style question files, each its own column, never tuned on")
    parser.add_argument("--bok", type=Path, default=SHARED / "bok")
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--analyse", action="store_true", help="per-signal ranks of every miss, counted by cause")
    args = parser.parse_args()
    missing = [p for p in [*args.eval, args.bok] if not p.exists()]
    if missing:
        print(f"needs {', '.join(map(str, missing))}: the development sets and the BoK articles", file=sys.stderr)
        return 2
    cases = load_cases(args.eval)

    from bot.services import Services

    services = Services(isolated_settings())
    services.index.index_paths([args.bok])
    methods, shipped = build_methods(services, cases)
    own_sets = [(p.stem, load_cases([p])) for p in args.own if p.exists()]
    own_methods = [build_methods(services, own_cases)[0] for _, own_cases in own_sets]
    everyone = list(range(len(cases)))
    rows, notes, results = [], [], {}
    own_results: dict[str, dict[str, dict]] = {}  # own set name -> method name -> result
    for n, m in enumerate(methods):
        # Whole set: a method with shipped defaults runs at them; a baseline runs at what whole-set tuning picks.
        setting, threshold = m.shipped if m.shipped is not None else m.tune(cases, everyone)
        whole = score(cases, m.outcomes(setting, threshold, m.weak_band, everyone))
        cv, picks = cross_validate(m, cases, m.weak_band) if m.tunable else (whole, [])
        results[m.name] = (whole, cv)
        rows.append([m.name, "whole set", *fmt(whole)])
        rows.append(["", "5-fold CV" if m.tunable else "5-fold CV (no knobs: as whole set)", *fmt(cv)])
        for (name, own_cases), methods_there in zip(own_sets, own_methods):  # whole-set knobs, questions nobody tuned on
            own = score(own_cases, methods_there[n].outcomes(setting, threshold, m.weak_band, list(range(len(own_cases)))))
            own_results.setdefault(name, {})[m.name] = own
            rows.append(["", f"{name} ({len(own_cases)}, not tuned on)", *fmt(own)])
        if m.tunable and m.shipped is not None:
            picked = m.tune(cases, everyone)
            notes.append(f"{m.name}: whole-set tuning picks weights {picked[0]}, refuse below {picked[1][0]:.2f}, "
                         f"unknown-term penalty {picked[1][1]}; shipped {m.shipped[0]}, {m.shipped[1][0]:.2f}, {m.shipped[1][1]}"
                         + ("" if picked == m.shipped else "  (DIFFERENT)"))
            notes.append("  per-fold picks: " + "; ".join(f"{s} @ {t:.2f} - {p}" for s, (t, p) in picks))
    new_whole, new_cv = results[methods[-1].name]
    rows.append(["target (this ranking and refusal, CV; the shipped refusal's are below)", "",
                 f"≥ {TARGETS['hit@1']:.2f} {verdict(new_cv['hit@1'] >= TARGETS['hit@1'])}",
                 f"≥ {TARGETS['hit@3']:.2f} {verdict(new_cv['hit@3'] >= TARGETS['hit@3'])}", "",
                 f"≤ {TARGETS['in_refused']:.0%} {verdict(new_cv['in_refused'] <= TARGETS['in_refused'])}",
                 f"≥ {TARGETS['out_refused']:.0%} {verdict(new_cv['out_refused'] >= TARGETS['out_refused'])}", "", ""])
    n_out = sum(bool(c.get("abstain")) for c in cases)
    table(f"Retrieval quality, {len(cases)} dev questions ({len(cases) - n_out} in scope, {n_out} out of scope; "
          f"{len(services.index.chunks())} passages indexed)",
          ["retriever", "measured", "hit@1", "hit@3", "MRR", "in-scope refused", "out-of-scope refused",
           "in-scope weak", "out-of-scope refused or weak"], rows)
    for note in notes:
        print(note)
    from knowledge.retrieve import Calibration
    from knowledge.scope import L2, digest, shipped_digest

    rows_asked = asked(services, [("dev", cases), *[(name.removeprefix("retrieval_"), c) for name, c in own_sets]])
    _, bank_y = scope_bank(services.index.embed_query)
    study_rows, knobs, _ = scope_study(rows_asked, Calibration().weak_band)
    table("Abstention across writers: the scope model (knowledge/scope.py) refitted and its knobs "
          "(l2/neighbours/neighbour weight/floor/weight/threshold) chosen without the measured questions; 'in sample' rows "
          "are the shipped model on questions it was fitted on",
          ["refusal", "measured", "hit@1", "hit@3", "MRR", "in-scope refused", "out-of-scope refused",
           "in-scope weak", "out-of-scope refused or weak"], study_rows)
    from knowledge.scope import NEIGHBOURS, NEIGHBOUR_WEIGHT, bank

    cal = Calibration()
    fitted = [r for r in rows_asked if r.group not in UNSEEN]
    want = digest([r.case["q"] for r in fitted] + bank()[0], [bool(r.case.get("abstain")) for r in fitted] + bank_y, knobs.l2)
    ships = ScopeKnobs(L2, NEIGHBOURS, NEIGHBOUR_WEIGHT, cal.scope_floor, cal.scope_weight, cal.refuse_below)
    print(f"scope selection on all {len(fitted)} labelled questions picks {knobs.label()}; shipped {ships.label()}"
          + ("" if knobs == ships else "  (DIFFERENT)")
          + ("" if want == shipped_digest() else "  (the shipped scope model is stale: python -m knowledge.scope)"))
    print("BM25 only and dense only refuse below a tuned top score; the old retriever keeps its own rule (no knobs tuned).")
    if args.show_misses:
        for m in methods:
            for q, why, top in results[m.name][0]["misses"]:
                print(f"[{m.name}] {why}: {q}\n      top: {top}")
            for name, per_method in own_results.items():
                for q, why, top in per_method.get(m.name, {}).get("misses", []):
                    print(f"[{m.name}, {name}] {why}: {q}\n      top: {top}")
    if args.analyse:
        retriever = services.index.retriever()
        def ranked_misses(misses):  # refusals are the abstention's misses, not the ranking's
            return {q for q, why, _ in misses if why.startswith("rank") and "refused" not in why}

        analyse(retriever, cases, ranked_misses(results[methods[-1].name][1]["misses"]), "shipped, 5-fold CV")
        for name, own_cases in own_sets:
            analyse(retriever, own_cases, ranked_misses(own_results[name].get(methods[-1].name, {}).get("misses", [])), f"shipped, {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
