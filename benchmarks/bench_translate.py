"""Quality and speed of `compel translate` over the development sets, each figure beside its target.

Quality on the whole set and by 5-fold cross-validation: the analysis's four knobs (k nearest examples per
situation, the score below which a clause is a plain note, the weight of the softmax regression beside the
nearest examples, and how much nearer a clause must be to the "choice" examples to put a decision to the business) are chosen on four folds and measured on the fifth. The example bank itself is written by hand,
not fitted to the development set; how well each way of reading it generalises is shown by 5-fold CV on the bank,
including the situation model with the exact cues as features (bot.understand.features; measured, not shipped: see
the note there for why).

Seven unseen sets are scored beside the dev set, none tuned on: tests/data/translate_unseen.yaml (46), _new (16, tool
names and abbreviations, written before translate4's changes), _blind (12, written after translate4's glossary
additions and before measuring on it, so it shows whether the glossary's coverage holds for words nobody added),
_t5 (20, teams of many kinds, written by translate5 before its engine changes),
_u5 (20, written by understand5 before its analysis changes: good news with figures, incidents with and without a
choice for the business, updates raising two issues),
_u6 (24, written by understand6 before its analysis changes: explicit asks for sign-off, capacity gaps, sprints spent on
a framework without delivery, security fixes in one environment only) and _c6 (20, written by compose6 before its
composer changes: product names, config keys and abbreviations the glossary does not hold) and _u7 (24, written by
understand7 before its analysis changes: capacity loss, handovers, implicit choices, bad news the team has in hand,
asks addressed to a role), _u9 (24, written by understand9 before its analysis changes: covers arranged, fixes told with
verbs no list holds, costs absorbed, capacity lost with no cover, choices, asks to a role) and _u8 (24, written by understand8 before its analysis changes: half bad news the team has in
hand (a fix dated inside the plan, a cover arranged, a workaround agreed, a monitor added), half needing a decision
(choices without a preference, asks to a role with a qualifier, capacity lost with no cover, two-issue updates)) and _c9
(20, written by compose9 before its composer and jargon changes: trades the glossary was not written for, such as
farming, mining, aircraft maintenance, shipping, newsrooms and reinsurance; no glossary entry is ever added for its
terms, so it stays the blind column for jargon) and _d11 (22, written by decide11 before its analysis changes: twenty
trades, half good news or trouble in hand, half needing a decision).

Measured by understand7 and not shipped (benchmarks/bench_understand_methods.py prints the first two):
- an update-level decision model (logistic regression over the update's and its clauses' nearness to the choice
  examples, the open issues' situation prior and exact cues): dev CV 97 % against the per-clause rule's 100 %; on the
  eight unseen sets it gains as many cases as it loses (154 of 182 against the rule's 155);
- pillars also by a vote of the nearest situation examples: dev recall stays 100 %, dev precision 74 -> 71 %;
- a fourth bank file of good news with figures, capacity loss, handovers, laid-out choices and bad news in hand,
  written before any unseen miss was looked at: dev stays 100 %, decisions fell on new (88 -> 81 %), blind
  (100 -> 92 %) and t5 (85 -> 75 %) for one case gained on u7 (58 -> 62 %); taken out again (commit 6cffed1 says so).

understand8 added a reading of whether the team has an open issue in hand (bot/understand/inhand.py): a clause of
the issue, or of what follows it before the next problem, nearer the "hand:yes" examples of bank_hand.yaml than the
"hand:no" ones by more than HAND_MARGIN (0.05, set before measuring, not fitted: no dev update has an issue in hand at
0, 0.05 or 0.10, so the folds cannot choose it) and saying so in an exact form (a date or cost inside the plan, someone
acting), with no risk left open and no options laid out, lifts the decision an always-deciding situation would ask for.
Meaning alone was measured first and rejected: at 0.05 dev decisions fell 100 -> 81 %, own 93 -> 61 %, new 88 -> 62 %.
With the exact forms: dev and every older column unchanged, u7 58 -> 67 % (62 % of it from the asks change), u8 50 -> 71 %.

understand9 wrote _u9 (24) before changing anything and measured it at 4e4be6c: decisions 75 %, pillars 84 %, facts
92 %, contradictions 0. It then measured, leave-one-set-out over the eleven labelled sets (each held out in turn,
anything fitted fitted on the rest; benchmarks/bench_understand_methods.py --loso), an update-level decision model and
the rule's knobs fitted on the other sets: pooled over the ten sets without u9, 85.1 % and 85.8 % against the shipped
rule's 87.6 %, so neither was adopted (figures per set are in that file). Of the ways of reading "in hand" it measured
over all sets (decision right, pooled without u9, at 4e4be6c's bank): shipped (meaning margin and an exact form) 86.4 %;
the exact forms alone 86.8 % (own 93 -> 91, c6 90 -> 85, u5 100 -> 95 for u6, u7, u8 up); any finite verb after a
subject in place of the closed verb list ("Beatriz curated", "Marco covers") 83.5 % (own 93 -> 87, blind 92 -> 83, new
88 -> 81): the closed list is kept; the plan said to hold in an exact form counting on its own, meaning asked only of
"someone acting", 87.2 %, losing on no set (u7 67 -> 71, u8 71 -> 75): shipped, with the plan's holding taken back
by a condition ("only if", "unless"), a hedge of time ("yet", "for now") or a negation outside the form itself ("the
schedule holds and we have no fix in sight"), which the meaning margin had let through before too (own-words tests;
every set's figures unchanged by it). Examples of capacity lost by absence
(leave, sickness, jury duty) and of a colleague standing in went into bank_more.yaml and two covers into bank_hand.yaml,
so a cover arranged reads as a capacity issue in hand rather than a slip or an automation fault: u8 decisions 75 -> 79 %,
pillars t5 70 -> 73, u6 83 -> 86, u7 92 -> 96, own 93 -> 91 %. u9 after both, read blind (its misses not looked at):
decisions 75 %, pillars 88 %, facts 92 %, contradictions 0, grammar 0. Dev whole and CV stay 100 % on both.
Reading "in hand" by meaning with a better reader was measured too and not adopted: on the bank's own 60 "hand:"
examples, leave-one-out, the shipped nearest examples (k=3) tell in hand from not at 57 %, near chance, and a logistic
regression over the vectors at 73 %; put in place of the margin (probability above one half, set before measuring)
with the exact acting forms, decisions pooled without u9 went 87.6 -> 87.2 % (own 93 -> 91, c6 90 -> 85, u5 100 -> 95
for u6 71 -> 75, u8 79 -> 83); with any finite verb after a subject in place of the verb list, 78.9 % (t5 85 -> 60).
The exact forms carry the reading; meaning only vetoes.
Where the decision misses come from (ten sets without u9, the 206 updates labelled with situations): with every
labelled situation found, decisions are right on 116 of 128 (91 %); with one misread, on 60 of 78 (77 %): the lever is
the situation reading, not the decision rule. The own sets' updates of one situation (~190 of them, nine writers) as
extra situation examples beside the bank, leave-one-set-out (each set read with the others' updates added): decisions
pooled without u9 87.6 -> 88.4 %, but lower on dev (100 -> 97), blind (92 -> 83), c6 (90 -> 85), t5 (85 -> 80) and u9
(75 -> 71, fitted on all ten), higher on u6, u7, u8; pillars fell on five sets. Gains on some writers paid for by
others: not adopted.

understand10 read the direction of a figure exactly where it is exact (bot/understand/clauses.py; no knob fitted, so
no --loso run; tests of own wording in tests/unit/understand/test_understand10.py, good and bad news of each form).
Columns dev whole / CV / own / new / blind / t5 / u5 / u6 / c6 / u7 / u8 / c9 / u9, against b00f8d1 in the same run:
- a figure that moved, told by its old and new values ("from 2.4s to 900ms", "to 0.2% from 1.1%", "40 minutes, down
  from 3 hours", "6% (was 11%)", "400ms where it took 2s"), judged by the values and the measure's good side (none
  where the clause does not say which side is good), and a bare number taking the unit of the figure it is set
  against ("6 minutes instead of 40"): issue situations found u7 62 -> 65 %, every other figure equal;
- a figure on the right side of the one it is set against, with no shortfall word beside it, lowers every open
  situation, as one said outright to be better already did: decisions c9 70 -> 75 %, pillar precision c9 58 -> 60 %,
  every other figure equal (dev whole and CV 100 % decisions and pillar recall on both);
- a share moved with its direction ("down 40%", "dropped by 60%"), a bar, baseline or benchmark as the comparing
  word, a target said to be met ("met the 98% availability target"), a target told in a clause of its own after
  a semicolon, "is down 30%" no outage and "went up from" not "better" where the figures say worse: no column moved
  (the own sets hold few of these forms); kept as exact readings, since each is right on its tests and loses nothing.
Facts, contradictions (0) and grammar (0) unchanged everywhere; translate cold CPU p50 15.0 -> 13.7 ms (noise).
Where good news is still misread (diagnostic over the eleven own sets' updates labelled with a situation that is not
open and carrying a digit, aggregate cue counts read, not the updates): 47 such updates, the good situation found on
30 before and 31 after; of the 16 still filed as a problem, the misfiled clause carries no comparison cue in 7 and only
a time unit in 3: figures with no target or former value beside them, which no exact rule can judge (meaning's part).
Why "process" is over-named (same sets, the pillar named and not labelled, by its source): the meaning pillar reader
16, a misread situation whose own pillars hold process 38 (monitoring_risk 12, adoption_gap 11, delivery_slip 8,
value_unclear 7); on dev, 5 of the 16 over-named pillars are process by meaning. The situation misreads carry most of
it; not changed this round.

decide11 wrote _d11 (22) before changing anything and measured it at 95a0254: decisions 64 %, pillars 88 %, facts 64 %
(the composer drops 'Ingrid', 'one scan in 400', 'a month', 'a week', 'a third', 'a few minutes'; one more is a keep
label written 'two' where the sentence opens 'Two'), jargon left 10.7 %, contradictions 0, grammar 0. Then, in the
analysis only (decision right; every other figure in every column unchanged but u9 pillar precision 54 -> 55 % and
u6 situations found 42 -> 46 %):
- good news whose work simply goes on needs no decision (bot.understand.grouping.reads_good): the update carries good
  news (a clause filed as a step done or a fix made, or an exact sign of one), every clause filed under an open
  situation scores less than GOOD_GAP above its best good-news situation, and nothing anywhere leaves the business
  something to settle (an ask, options, a risk word, a negation, "still", a worse figure, a moved date, a slip, a
  shortfall). GOOD_GAP 0.3 chosen leave-one-set-out (benchmarks/bench_understand_methods.py --loso-good: 0.3 on 12 of 13
  held-out sets; the figures are in that file). Measured first over the twelve own sets, and rejected: the gap alone
  (no good news required, no problem cues barred): pooled 63 % at 0.3 (every borderline problem went quiet); the gap
  of the nearest open clause instead of every open clause, with only asks, options and risk barred: 12 gained for 12
  lost at 0.3; barring every problem cue but negation: 12 gained for 7 lost (negation carries "nobody has checked",
  "hasn't cleared"). Shipped: u6 71 -> 79, c6 90 -> 95, u7 71 -> 79, u8 79 -> 83, c9 75 -> 80, u9 75 -> 79, d11 64 ->
  68 %, t5 85 -> 80 % (a go-live moved "from week 6 to week 9" read as no date moved, fixed below);
- exact forms, each with its own-words tests (tests/unit/understand/test_understand11.py): a numbered week or sprint is
  a date ("moves from week 6 to week 9": t5 back to 85 %); a date kept in so many words ("keeps its date", "the date
  stays the same") and "so nothing moves" hold the plan, and a name with where the person is from ("X from the
  infrastructure group is standing in") acts (u9 79 -> 88 %); "instead of" before a figure compares it and lays out no
  option ("38 minutes instead of 2 hours": u7 79 -> 83 %); going past an SLA, budget or threshold is good news only on
  a measure where more is better (the article's own example, a latency over its SLA, had read as a target met, which
  the good-news reading then silenced); a condition guarded against ("a check that stops the load if it happens
  again") is not the problem standing, and "nothing stands in the way" is no problem (no column moved by these two);
- the next most common decision miss on the own sets, once good news misread as a problem (nine left, most with no
  exact sign of good news, or one a negation word carries: "without handing them to a person", "no missed run") and
  trouble in hand the meaning margin vetoes (eight; LOSO keeps HAND_MARGIN 0.05, see above), was a fault that keeps
  coming back with no fix ("times out about twice a week", "dies every other Monday", "returns 503s a few times a day"),
  filed as an incident or a reliability matter, which ask only when the update lays out a choice. A fault said
  exactly to recur (bot.understand.clauses.recurs: "twice a week", "every other Monday", "each time"), with no fix in
  hand, is a running risk the business accepts or pays to remove: own 93 -> 98, new 88 -> 94 %, no loss anywhere (no
  dev update has one, so dev does not see it; d11 has none either, so it is unmeasured on a blind set).
  test_understand's per-situation test now allows for it (its reliability example fails twice a week).
"no missed run", "zero skipped batches" are no problem, as "no failed runs" already was (the "missed" had read as a
shortfall and the "no" as a negation): u6 79 -> 83 %, its situations found 42 -> 46 %.
Kept though no column moved (right on its tests, losing nothing): "time" read as a measure where less is better only
outside a phrase of time, and "on time" as one where more is better ("94 % arrived on time, up from 87 %" had read as
worse). Measured and not adopted: "could" after "so (that)" read as purpose, not risk ("so the demo could go ahead"):
no column moved. Decisions, columns dev whole / CV / own / new / blind / t5 / u5 / u6 / c6 / u7 / u8 / c9 / u9 / d11,
95a0254 -> decide11: 100 / 100 / 93 -> 98 / 88 -> 94 / 92 / 85 / 100 / 71 -> 83 / 90 -> 95 / 71 -> 83 / 79 -> 83 /
75 -> 80 / 75 -> 88 / 64 -> 68 %; pooled over the twelve own sets 223 -> 239 of 272 (82.0 -> 87.9 %). Still under
90 %: u6, u7, u8, c9, u9, d11. Facts, jargon, pillars, contradictions (0) and grammar (0) unchanged everywhere.
Speed against 95a0254 (--baseline, a copy of that tree), cold CPU p50 / p95 and the 1,000-update batch, at load ~1.5:
decide11 first 19.6 / 31.7 ms, 4.41 s against 17.9 / 29.5 ms, 4.31 s; the order swapped, 95a0254 first 16.3 / 27.7
ms, 4.23 s against decide11's 16.1 / 27.1 ms, 4.38 s: whichever runs first is slower, the change is within noise
(the reading adds one pass over the clauses' situation scores and a few exact patterns, no embedding). The quality
table is now as wide as its columns.

compose7 measured telling every fact-bearing statement whole (third person, terms explained, unknown words by role)
and rejected it: jargon left unexplained rose to 5.1 % dev, 28.9 % blind, 26.2 % t5, 31.8 % c6, because the engineer's
nouns that no glossary holds ("pages", "squad", two-word terms) reach the reader. Shipped: a statement is told whole
only when it adds grammar, a verb and a short everyday subject around its facts and explained terms
(bot/translate/sentences.py); else its facts alone, as before.

compose8 added the row "statements told as whole sentences": of the update's statements that carry a fact, the share
told as a sentence of their own grammar rather than in the "The details given: ..." list. It widened what may be told
whole by grammar, not by a word list: closed-class words (pronouns, degree adverbs, particles) count as grammar; one of
the 5,000 commonest English words (pyspellchecker's own counts) may be added when it stands alone, never as one word of
a compound beside another unknown word or a term ("reserved capacity", "base image" stay out: measured, letting
compounds in put c6 jargon 13.6 -> 15.2 %); a plain present verb right after a plural subject is a verb; a statement
opening on a past form is the team's action, one with no subject at all keeps to the list. Glossary coverage of common
delivery terms of many team kinds (knowledge/glossary/sectors.yaml and additions) took jargon left unexplained on blind,
t5 and c6 from 13-15 % to 5.3, 6.6 and 6.1 %; those three sets are no longer blind for jargon, since compose8 read their bare terms
before choosing what to add.

compose9 (c9 written and measured first, at 4e4be6c: facts 100 %, jargon left unexplained 28.3 %, whole 13 %; after
compose9: 100 %, 11.7 %, 17 %; dev whole and CV 3.8 % jargon before and after, facts 100 %, contradictions and
ungrammatical sentences 0 everywhere):
- labels no glossary holds (acronyms, model-numbered names such as "KPL-7", slash pairs) explained by their role in
  the clause (bot/translate/spans.label_role): before a noun phrase, a specialist term for that kind of thing; after a
  comparing word, the level a figure is held against. Bracket right after the label, as every glossary term's is:
  c9 jargon 28.3 -> 11.7 %, c6 6.1 -> 4.5 %, t5 6.6 -> 4.9 %, new 4.7 -> 2.3 %, every other column equal. Measured
  and not adopted: the bracket after the whole phrase ("the AIS feed (a specialist kind of feed)"), which reads more
  smoothly but leaves a label that was listed alone unexplained by the project's rule: c9 21.7 %, c6 7.6 %.
- facts by grammar (bot/translate/keep.py: names opening a sentence, seasons, spoken rates), told by the composer and
  re-inserted by the guarantee: u8 facts 83 -> 96 % (the one left: a listed first name with no sign of being a name).
- the impact read as a part of its own (a term explained in the summary is explained again there): u8 jargon
  15.2 -> 12.1 %, one output of 262 changed.
Measured and not adopted: a word outside the 5,000 commonest as "what the figure measures" when a figure follows it
(13 outputs changed across 262, about ten with a wrong role: a bot's or a deadline's name read as a measure); a whole
sentence's subject limited to the commonest words (c9 jargon 11.7 -> 6.7 %, blind 5.3 -> 2.6 %, but whole-sentence
share translate_dev 22 -> 11 %, translate_more_dev 66 -> 59 %, c9 17 -> 7 %, u8 16 -> 11 %: plain sentences such as
"the regulator deadline is 31 March" went to the list), and the same for the subject's head word only (c9 8.3 %, blind 2.6 %, whole
c9 17 -> 11 %, blind 33 -> 20 %, u7 25 -> 19 %); "whether" as grammar a whole sentence may add (u8 whole share 16 ->
18 %, but jargon 12.1 -> 15.2 %: "standby region" reached the reader). Shipped beside them: a date before a noun
dates that noun in a span ("the April launch", not "the April"); "unless" is grammar. Lowercase compounds of everyday words ("night desk", "return
period") stay the open gap: shape and word lists cannot see them.

jargon11 in one line, as merged (95a0254 -> its branch without the compound model, which is reverted: see below):
jargon left unexplained equal on every column but c6 4.5 -> 6.1 % (one term the old count credited wrongly);
facts j11 95 -> 100 %, u8 96 % (its one miss, "Maria in legal operations ...", is still missed); pillars,
decisions, contradictions (0) and ungrammatical sentences (0) unchanged everywhere. Each step below.
jargon11 wrote _j11 (22 updates of twenty trades: telecoms, grid operations, pharmacovigilance, banking, airline
operations, claims, hospitals, payroll, steel, tax, sport, farming, warehousing, law, games, water, publishing, rail,
energy trading; technical compounds and product names written side by side, names opening sentences) before changing
anything, and measured it at 95a0254: facts 95 %, jargon left unexplained 19.7 %, pillars 88 %, decisions 68 %,
contradictions 0, ungrammatical 0, whole share 25 %.
Words explained side by side share one bracket after the last of them, naming each ("the serving-layer SLA
(serving-layer: ...; SLA: ...)", "the OSIsoft PI connector (OSIsoft PI: a specialist name for this kind of
connector; connector: ...)"; labels before one noun said once: "the Guidewire ClaimCenter (a specialist name for this
kind of integration) integration"); a run is a noun phrase, so a verb term after it keeps its own bracket. The jargon
counter reads a bracket after a run as explaining a word it names ("word: ..."), or a run of names side by side
(bot.jargon._explained_in_run), and left_bare here counts a case term explained when its glossary term is (a term of
a run the glossary's own rule explains; this alone moved no figure at 9f8d4ac). Jargon left, at 9f8d4ac -> after:
every column equal but c6 4.5 -> 6.1 % (one term, "Fircosoft" before "sanctions-screening licence", which the case's
own term list had let a bracket after the next word explain); 27 of 308 outputs changed, facts, contradictions and
ungrammatical sentences unchanged everywhere. The metric does not see the bracket-per-word problem itself (a case term
split by brackets is not found at all, so it counted as neither shown nor left).
A sentence's first word is read as a name by one rule (bot.understand.facts.opening_name), which the fact rules
(extract_facts, and so the facts check) and the composer's grammar facts (bot.translate.keep) now share; before,
extract_facts had signs of its own (", who", "'s", a person's verb with a "she" later) and missed a name with no
such sign ("Zdravko rebuilt ..."), while it took "There" in "There's no ..." for a name by its "'s". Beside it, a
season after "from" is a time ("the ensemble from spring") and "no" opens a fact's span ("no Grafana (...)", which
had read "Grafana (...)" once "There" stopped being a name). Figures against the commit before: j11 facts 95 -> 100 %,
every other figure of every column equal; 5 outputs of 308 changed (three keep a "no" they had dropped or kept only
by that accident). Still missed: u8's "Maria in legal operations has found ...", a name with no exact sign (the
word list holds "maria"; a verb of finding follows plain nouns as well).
Measured and not shipped (jargon11, reverted before merging): compounds of English words no glossary holds
("translation-memory import", "payroll anomaly detector") read by a small model by meaning (knowledge/phrases.py: logistic regression over the local encoder's vector of the compound,
fitted on 332 compounds labelled in our own words, knowledge/model/phrases.yaml, none from an update set). 5-fold CV
on the bank: accuracy 90 % (nearest examples, k=9: 89 %); the threshold 0.7 is the smallest whose held-out precision
is at least 0.95 in three shuffles, chosen on the bank alone. A compound it reads as technical loses its modifiers
outside the 5,000 commonest words, as an unknown word does (bot/translate/plainer.py: "The detector caught 212 ...",
"The failure model went down ..."); a person's role ("the validation lead"), a word in -ing, a verb in -s, facts,
glossary terms and bracketed words never count. Against the commit before, jargon left unexplained: c9 11.7 -> 8.3 %,
j11 19.7 -> 17.1 %, t5 4.9 -> 3.3 %, u9 10.3 -> 6.9 %, every other column (dev whole and CV included) equal; facts,
pillars, decisions, contradictions (0), ungrammatical (0) and whole-sentence share equal everywhere; 11 of 308 outputs
changed. Cost: one more encoder call for an update holding a compound (dev: cold CPU p50 16.2-17.0 -> 16.8 ms; 1,000
batch CPU 4.3-4.5 -> 4.8 s). Measured first and not adopted: the same at the classifier's own boundary, 0.5, and with
looser candidates (any run of lower-case words, every modifier cut): c9 6.7 %, j11 13.2 %, u8 9.1 %, but it cut words
that carry meaning or grammar ("the regulator deadline" -> "the deadline", "between ductwork", "2 more annotators" ->
"2 annotators", "the second sprint running" -> "the second running"), and held-out bank precision at 0.5 is 0.89.
Not shipped at 0.7 either: cutting a modifier the reader knows loses what the update said ("the payroll anomaly
detector" is not "the detector"; "embedding index rebuild" read "embedding rebuild"), a lower jargon count bought
by dropping the engineer's words. An explanation of such compounds, not their removal, is what is still missing.
A role's source phrase stops at a verb in -s ("now reads CDR aggregates from the Teradata mirror" said "where the
reads aggregates come from", now "where the aggregates come from"); every figure equal, 3 outputs changed. Still
broken: "reads straight from the LIMS" gives "where the straight comes from" (an adverb no rule can tell from a noun).

compose12 (every fact kept, told in whole sentences). Columns dev whole / CV / own / new / blind / t5 / u5 / u6 / c6
/ u7 / u8 / c9 / u9 / j11 / d11, e98afa8 -> compose12, this benchmark run before and after (--batch-size 200):
- facts kept 100 % everywhere but u8 96 -> 100 % and d11 64 -> 100 %. Exact rules (bot.understand.facts): times said
  relative to today ("tomorrow", "tonight", "next sprint", "this week", "the end of the month"), shares and spans of
  time in words ("a third", "two fifths", "a week", "a few minutes", "a couple of days"; "a second" is an ordinal as
  often, so only "a few seconds" counts), a rate with the thing counted between its numbers ("one scan in 400"), and a
  capital after a semicolon, where English goes on in lower case, as a name ("...; Ingrid starts ..."). The keep check
  here, and check_facts, accept a number or a time in words whose first letter changed case as it opens a sentence
  ("two" told as "Two"); a name or a version keeps its own capital, and a sentence that would capitalise an opening
  version ("v4.1 handles the traffic now") goes to the list instead;
- statements told as whole sentences 56 / 56 / 31 / 43 / 33 / 28 / 33 / 17 / 16 / 25 / 16 / 17 / 34 / 25 / 30 % ->
  60 / 60 / 45 / 50 / 38 / 31 / 46 / 30 / 27 / 32 / 25 / 12 / 25 / 25 / 35 %. The method gap: a statement was split
  only at a semicolon or a spaced dash, so "Rollback done, error rate is back under 0.5% and the hotfix ships
  tomorrow" was one statement with a four-word subject, never whole, and its fact-less "hotfix ships tomorrow" was
  lost. Now (bot.translate.sentences.own_statements) a comma, "and" or "but" also ends a statement where the words
  after it open on a short subject and its finite verb and the words before it have a verb of their own (not a last
  word in -s before a comma: "the planners, the buyers and ..." stays whole) or end on a participle ("Rollback done",
  which the lead already says). A piece with no fact goes back onto its neighbour only when the two can still be told
  whole ("the runbook is stale and four of the nine alerts go to nobody"). The update's options are read unsplit.
  That probe now reads "... The error rate is back under 0.5%. The hotfix (...) ships tomorrow.";
- the split lets more subjects reach the reader, so a subject's modifier is held to everyday words
  (sentences._odd_modifier): a hyphenated or rare modifier, three nouns stacked, or any modifier of a rare head ("route
  optimiser", "standby region") is a trade's compound; before a term the glossary explains it is not. Then "it" stands
  for the subject as it did for rare subject words, but never for a subject closed by a relative clause ("the
  deep-dive the board asked for will land"), before a plural verb, or before a copula and a figure ("is 31 March").
  Jargon left unexplained: c9 11.7 -> 6.7 %, u9 10.3 -> 6.9 %, j11 19.7 -> 14.5 %, every other column equal. The whole
  share falls on c9 (17 -> 12 %) and u9 (34 -> 25 %): sentences whose subjects were trade compounds ("The battery-health
  estimator shipped ...", "The translation-memory import is done ...") now go to the list;
- a figure in the list after a comparing word keeps what it measures ("the error rate is back under 0.5%", not
  "under 0.5%"); "we haven't" is told "the team has not" (the contraction written out before the verb agrees); the
  glossary's own words inside a bracket ("analysing") no longer stop a sentence from being whole; a first word in -s
  before a past verb is the subject ("Deliveries to the north side slipped by a day"), unless an article follows it
  ("Drops the French support ..." still has no subject).
Pillars, decisions, contradictions (0) and ungrammatical sentences (0) unchanged everywhere. Speed, same run, load
from other sessions: cold CPU p50 17.7 -> 16.6 ms, p95 29.6 -> 27.8 ms (wall 17.8 -> 24.8 ms, the machine busier).
Measured and not shipped (each against the shipped figures above): telling a fact-less piece of a split whole
("Handover is partial."): own jargon 0.0 -> 3.5 % ("batch", "groomed"); the split without the modifier rule: u6 jargon
0.0 -> 3.3 %, c6 6.1 -> 9.1 %, u8 12.1 -> 15.2 %, j11 19.7 -> 21.1 %, d11 10.7 -> 17.9 %; the modifier rule only on
pieces of a split (whole share c9 21 %, u9 36 %, d11 42 %, but u6 jargon 0.0 -> 3.3 %, d11 10.7 -> 17.9 %); the
modifier rule with no "it" in its place (c6 whole 29 -> 24 %); no finite verb right after an article ("a renewed one
goes in tonight"): u6 jargon 0.0 -> 3.3 %, u9 6.9 -> 10.3 %; a time in words in the list with its subject ("the
programme full time from next month": words that are not its subject): u9 jargon 6.9 -> 10.3 %; "it" only for the
first sentence after a lead: whole share dev 60 -> 58 %, d11 35 -> 32 %, the two statements it touched going to the
list as fragments ("to Thursday").
Still weak: "a renewed one" and "new starters get" are misparsed (an "-ed" word after an article and a plural noun are
read as verbs), so those statements stay in the list ("in tonight"); "It" for a subject the lead names loosely ("It
moves to Thursday").

Run: python benchmarks/bench_translate.py [--eval PATH ...] [--batch-size 1000] [--baseline TREE]

--baseline TREE (a checkout of an earlier commit) times that tree's speed figures in the same run, in a child process
with PYTHONPATH at the tree, right after this tree's, so both see the same machine; they are printed side by side.

Where a cold update's time goes (speed7, cProfile and CPU time on a loaded machine): one packed encoder call for its
~3 clauses (~40 tokens, ~0.9 GFLOP: 16-20 ms of CPU on one core, fp32) is ~75 %; the rest is the cue regexes, facts,
spans and the nearest-example products. speed7 cut the products to the real examples (2/3 of the block was padding)
and stopped compiling a regex per fact (str.find with the word edges checked): ~1.5-2 ms CPU less per update, outputs
byte-identical on 194 updates. A p50 of 20 ms leaves the rest ~0 ms beside that one call: left for two intra-op threads
on a quiet machine (measured slower at load 9, where no core is free) or a smaller encoder input.

speed8 measured the encoder int8 (onnxruntime.quantization.quantize_dynamic over the packed graph with the shipped
weights inside, no new weights) and did not adopt it. Split of a cold update first (CPU time, 100 unseen updates twice,
load ~12): 25.7 ms p50, of which the one encoder call is 20.0 ms and everything else 5.3 ms (cProfile: glossary term
search, the composer's figures and statements, clause split and facts, each under 1 ms), so no cut outside the
encoder can reach 20 ms. Encoder alone on the packed clauses of 120 unseen updates (p50 30 tokens), CPU p50 and cosine
to fp32: fp32 18.7 ms; int8 weights, MatMul and Attention 9.4 ms (cosine min 0.935, mean 0.964); uint8 weights, MatMul
and Attention 10.7 ms (min 0.970, mean 0.982); int8 MatMul only 12.6 ms (min 0.921). Translate quality with the uint8
encoder and the example bank embedded and its situation model fitted again with it, against fp32 treated the same
(which reproduces the shipped figures), columns dev whole / CV / own / new / blind / t5 / u5 / u6 / c6 / u7: dev whole
and CV equal (100 % on all four); facts equal everywhere; jargon own 0.0 -> 1.8 %; pillars own 93 -> 95 %, new
100 -> 90 %, u5 100 -> 96 %; decisions new 88 -> 81 %, u6 71 -> 67 %, u7 58 -> 62 %; contradictions and grammar 0
in both. Three unseen columns lose for one that gains: the ~8 ms CPU per update is not worth it on these figures.
The ask path was left on fp32 throughout (its vectors, the pack's and the intent model's would all move).

speed9 measured the encoder call once more and changed nothing on the translate path (no option kept the outputs and
saved time). On this machine today a cold update is ~12-14 ms CPU p50 (the brief's 25 ms was a slower or busier
machine): the packed call for an update's clauses (p50 3 texts, 43 tokens, 60 updates' calls) is 7.8 ms CPU in
onnxruntime's run, ~0.9 GFLOP at ~117 GFLOP/s (MLAS's fp32 kernels on 43 rows; no session option moved it), plus 0.23
ms of NumPy round it (lookup, block mask, pooling); the rest of the update is spread thin (glossary term search ~1 ms,
facts, cues, spans). Wall time beyond the CPU is the load: two checkouts of the same code measured 27.5 and 12.0 ms
p50 one after the other. Options, measured A/B per call (the variants taking turns on the same inputs, 4 rounds, load
5-9), wall / CPU p50 ms:
- two intra-op threads, spinning off: 43 tokens 8.20 / 8.42 against one thread's 8.19 / 8.09; at 3 updates a call
  (137 tokens) 33.0 / 21.8 against 32.4 / 21.3; at 8 (345 tokens) 94.5 / 65.7 against 85.1 / 57.7: no core is free
  to give, so the thread count is not chosen by call size;
- (these two variant by variant, not taking turns) two intra-op threads with spinning on: 32.6 / 16.8 against
  16.7 / 8.9 (a spinning thread takes a core from the rest); the clauses split in two packed rows run side by side on
  two Python threads (vectors within 1.1e-7): 24.8 / 12.4 against 16.7 / 8.9;
- graph optimisation basic or extended instead of all, the memory arena off, the memory pattern off: CPU 8.28-8.39
  against 8.46, within noise, vectors bit-identical.
Fewer tokens: every clause is read with its own [CLS]/[SEP] and digits masked, repeated texts are already embedded
once; nothing the analysis reads could be dropped without moving a vector. Beside the 4e4be6c tree (own venv), speed()
in turns, 3 pairs at load 11-13, 1,000-update batch: cold CPU p50 11.3, 10.8, 11.7 ms against 11.4, 11.9, 11.7 ms;
wall p50 17.7, 27.1, 28.8 against 21.9, 32.8, 31.9 ms; batch 6.8, 9.9, 9.1 s against 7.8, 5.3, 9.7 s. Quality columns
identical, and `compel translate --batch --json` byte-identical on the 242 dev and unseen updates.

compose10 gave terms with several meanings their senses (knowledge/glossary.py `senses:`; CSV, PO, Airflow, drift)
and reads each in its update (Glossary.in_context): the part of speech where grammar is exact (a verb meaning only for a
marked verb form), a capital inside a sentence for a product name, else the meaning nearest the update by the local
encoder. Every quality column above is unchanged by it against b00f8d1 (facts, jargon left and shown,
pillars, decisions, contradictions 0, ungrammatical 0, on dev whole, CV and all eleven unseen sets: the quality tables
are byte-identical). Speed, same machine, one run each (b00f8d1 at load ~2, the shipped way at load ~2-4): cold p50
11.6 -> 11.9 ms wall (CPU 11.7 -> 12.0), cold p95 14.6 -> 18.4 ms (CPU 14.7 -> 18.4: the two dev updates holding a
several-meaning term embed the update and, once per process, the meanings), remembered-vector p50 1.6 -> 1.7 ms, p95
4.6 -> 11.1 ms; the 1,000-update batch 3.6 s. The first way (the sentence and the update as context, a new view per
update) measured cold p95 31.4 ms wall, CPU 22.2 ms. What the meaning is compared with,
on the 29 senses tests (tests/unit/translate/test_translate10_senses.py; the 5 with a short sentence whose update
says the meaning were written before this comparison): the term's sentence alone fails 4 (both short validation CSVs,
the short purchase-order PO, a product name opening a sentence); the mean of the sentence's and the update's cosines
fails 3 (the short CSVs and the product name); the whole update alone fails none, with one text to embed instead of
two: shipped. The meaning's gloss alone, without its implication and setting words, read a
product-owner PO as a purchase order (cosine 0.29 against 0.19) and was not adopted.

compose10 also gave the everyday translator (bot/services.py, what Slack and the CLI use) the names of the programs in
scope (COMPEL_PROGRAM and the channels' programs): Services.translation_names. This benchmark builds its translators
without a program, so its columns do not see it (tests/unit/translate/test_translate10_names.py does, on the demo).
Cold cost with the demo loaded, at load 4-5: reading the names 4-14 ms in-process (a SQLite file read as stored JSON;
through the record models first it cost 30-90 ms, as store.models builds its 33 models, and was replaced); cold
`compel translate` CPU median of 10 alternating pairs 0.975 s without COMPEL_PROGRAM against 1.066 s with it (wall
1.52 against 1.99 s; noisy at that load). Again at load 1.5, 12 alternating pairs: wall median 0.631 s without against
0.626 s with, CPU median 0.703 against 0.726 s, CPU minimum 0.657 against 0.667 s.

situ12 (issue 11: read each issue's situation right). A probe of its own, a supplier's request limit cut so a nightly
job took three nights, then "need someone to pick: X or Y", read as lost people plus worse results, with the
situations' stock options in place of the update's own two. Two method gaps behind it, each closed:
- how options are read: a colon after the word that asks for a choice ("pick:", "choose:", "the options:") split the
  ask from its courses, so the ask ("need someone") read as a staffing gap and the courses as a clause of their own;
  the colon now keeps them in one clause (bot.understand.clauses.split), the "option" cue reads a choice laid out after
  such a word ("pick: X or Y", "decide whether to X or Y", "the options are to X or to Y"), and
  bot.translate.sentences.stated_options takes those forms beside the modal one, so the update's own courses are the
  Options and the Decision asks which of them to take. No column moved (no set writes a choice this way): right on
  its tests (tests/unit/understand/test_situ12.py), losing nothing.
- how the bank covers a supplier's limits: no example said an outside service lowered or capped what a plan allows.
  Five cost_over examples of it (bank_more.yaml, own words, five trades; re-shipped bank-3f9bad9fc9e963b0). Against
  e98afa8 (this file's columns, pooled by summing their cases): dev whole and CV 100 / 100 % decisions and pillar
  recall (unchanged); decisions unchanged on every own set (pooled 255 of 294, 86.7 %); pillar recall pooled 323 of
  367 on both (u6 86 -> 90, j11 88 -> 85), precision 65.8 -> 66.5 %; issue situations found 186 -> 188 of 309 (u6
  46 -> 50, u7 65 -> 69, j11 61 -> 65, u9 52 -> 48); bank CV nearest examples 52 -> 53 %, softmax 59 -> 60 %. Facts,
  jargon, contradictions (0) and grammar (0) unchanged everywhere. dependency_slip's lead now says "is late or gives
  less than the work needs" (its examples have always held partial deliveries).
  Leave-one-set-out (benchmarks/bench_understand_methods.py --loso, at e98afa8 and at this change): identical row for
  row, shipped rule pooled 239 of 272 (87.9 %). This file at the final code, load ~0: cold p50 / p95 16.5 / 28.7 ms
  (CPU 16.3 / 27.8), remembered 1.9 / 14.1 ms, 1,000 updates 4.52 s (e98afa8 at load ~1.7: 17.7 / 44.2 ms, CPU
  16.6 / 28.8, 4.32 s): within noise.
Measured and rejected (pooled over the thirteen own sets, against the shipped figures just above):
- the same limits under dependency_slip, twelve examples: decisions equal pooled (d11 68 -> 73, u8 83 -> 79), pillar
  recall own 91 -> 88, u6 86 -> 83, j11 88 -> 82: dependency_slip became a sink (a licence fee rise, a schema change,
  a handover, a stale feed all filed under it); five examples: decisions equal, pillars u6 86 -> 83, j11 88 -> 82;
- the next most common false alarm on the own sets (30 false alarms against 9 missed decisions): a clause of people
  doing their own work ("the crews keep working", a team owning its on-call, someone expecting to finish by a date)
  filed as lost capacity, which always asks. Examples of people at work as planned, in own words and many trades:
  eight as progress and four of someone's own dated piece of work as notes: decisions 255 -> 256, pillar recall
  323 -> 319, situations 188 -> 185 (new 94 -> 88, t5 85 -> 80, u9 88 -> 83); the notes alone: decisions 253; the
  progress ones alone: decisions 258, pillar recall 322, situations 188 (blind 92 -> 100, u7 83 -> 88, u8 83
  -> 88, d11 68 -> 73, u9 88 -> 83): progress examples lend "pillar:none" to the pillar reader
  (bot.understand.grouping.pillar_examples), which took a governance pillar from a committee clause; with progress
  left out of the pillar reader, recall 325 but precision 66.5 -> 64.9 % (dev 74 -> 71 %); as notes instead,
  decisions 254, situations 182; without the one banking example nearest the lost pillar (chosen after seeing it, so
  tuned on an own set), decisions 256, pillars 323, situations 188, but t5 85 -> 80 and u9 88 -> 83: people working
  by hand as a stop-gap and a single engineer holding the only copy then read as progress too. Gains on some writers
  paid for by others, as understand9 found for the own sets' updates as examples: none shipped.

Session 15 (2026-12-03), each step measured on every column, none falling unless said:
- a figure that moved on a measure no exact rule knows ("cut warp breaks by 18%", "covers per evening rose from 140
  to 175") is read by the measure's meaning (bot/understand/measures.py: a logistic regression over the bank's
  measures wanted less and wanted more; the "which way is good" table below). Against the three nearest examples:
  the first version with them moved decisions u6 83 -> 88, d13 75 -> 79, p13 80 -> 85, j13 65 -> 75 but t5 85 -> 80
  and u7 83 -> 79 (verbs read where they were nouns, "400 drops"; fixed before the regression was chosen). Chosen by
  the held-out bank examples and the own phrases only: p13 80 -> 85, j13 65 -> 70, j11 pillars 85 -> 88; blind15's
  phrases (never tuned on) 31 of 36 called right (86 %), the nearest examples 26 of 31;
- blind15's set b15 was measured blind at the session's start (424df37) and again after the measure reader: decisions
  79 % both times, pillars 70 %, situations 46 -> 54 %. The rules after that were read from its misses, so b15 is no
  longer blind for decisions (79 -> 96 %).

Session 17 (2026-12-03), each step measured on every set, none falling unless said:
- blind17's set b17 was measured blind at the session's start (ce2c72f) and again after the two steps below that were
  made before reading it: decisions 75 %, pillars 78 %, facts 87.5 %, jargon left 12.5 %, situations 39 % both times;
- measures (bot.understand.measures): a second round of 303 measures across many trades, written blind to the eval
  sets; decisions j13 70 -> 75 %, p13 85 -> 90 % (the measure table below has the held-out figures);
- exact cues: figures written in words with a unit ("six hours"), "misses by" / "off by" as an error, a moved measure's
  name ending before a place ("at the glass kiln"): d11 72.7 -> 81.8 %;
- after reading b17's misses (so b17 is no longer blind for them): "about" tildes before figures, "w/c 15 Dec", names
  in several parts opening a sentence (facts b17 87.5 -> 100 %); a plan said to hold read by structure (a schedule word
  then a predicate of holding or a negated move), checked on 240 clauses written blind (tests/data/plan_holds_own.yaml):
  decisions b17 75 -> 87.5 %, d11 81.8 -> 86.4 %, d13 79.2 -> 83.3 %; fixes said as "rolled the gateway back",
  "flowing again", a ticket "closed", and "timetable" no time measure: b17 87.5 -> 91.7 %;
- glossary: rollout, labelled data (jargon b17 12.5 -> 11.3 %, u8 12.1 -> 9.1 %); "pilot" measured and left out (its
  plain rewrite renamed a dev update's dependency slip as an access wait).
- readable text: a sentence started in lower case after a full stop is its own sentence, "it's" takes no article, an
  option letter opens no sentence: b17 pillars 78 -> 81 %, ungrammatical sentences b16 and b17 1 -> 0;
- lost capacity only with a word that says so (bot.understand.inhand.capacity_short; 32 of 52 capacity issues on the
  unseen sets had none): decisions b15 95.8 -> 100, b16 83.3 -> 87.5, b17 91.7 -> 95.8, u6 83.3 -> 87.5 %, u8 87.5 ->
  83.3 %; pillars -2.2 and situations -5.6 points summed over the sets.
Measured and not adopted: "holds" read by meaning (nearest examples or a regression over the same 240 clauses: a
negation barely moves the vector, dev decisions fell to 75 % at margin 0; 10-fold accuracy 72 %).
Session 18 (start tree 4c21cc7). Three sets written blind by helpers, measured at the start tree first: b18 (session
start), b18b (mid-session), b18c (near the end); their first-contact rows are in the UNSEEN_B18* comments below. The
decision misses of every older unseen set were read this session, so none of them is blind for decisions any more.
Adopted (figures start -> end, bench's own scoring per set; the per-set table is in the session's closing note):
- exact cues and structures: a share caught or handled, the team's own work moving a measure, the figure compared
  with its bound, two courses side by side or lettered "(a) ... (b)", approvals given, steps "done by" a date to come,
  "keeps" before a fault verb only, "still <date>", states restored, scope said to grow, a fix in exact words after a
  fault, a group saying the plan holds as the handling of the issue before it; pooled decisions over the 20 older
  unseen sets 88.5 -> 93.0 %, no set lower at any step;
- facts: accented and Vietnamese names, lettered things, parts of months, names written small, "PR #1377", brackets
  placed after a figure or a fact a term opens and never inside one; b18 87.5 -> 100, b18b 79.2 -> 100, b18c 75 -> 87.5;
- 240 pillar examples (bot/understand/bank_pillars.yaml): pooled pillar recall 86.6 -> 89.7 %, precision 64.4 ->
  61.7 %, F1 slightly lower: it names more pillars as much as better ones;
- 127 explain-only glossary terms (knowledge/glossary/more18_*.yaml, GlossaryEntry.reads): jargon b18 16.7 -> 9.5,
  d11 3.6 -> 0, u9 6.9 -> 3.4 % with no other figure moved; read by the model too they cost 10 decision points.
Measured and not adopted: the update's opening label stripped from the model's text (b16 decisions -4.2) or carried
into the next clause (-9.2 summed); a second pillar within a margin of the first (recall up, precision down, F1
lower); a governance pillar from sign-off words (8 right against 16 wrong); "not converging" needing a word of
shortfall (no effect); incident-open needing a fault word together with a question of two courses after "wants to
know:" (decisions -9.2 summed).

Session 19 (start tree db838be). A new row, "good news told with a problem it does not raise", reads the labelled
unseen sets: of the updates whose every labelled issue is a step done or a fix made, the share whose translation names
a problem too. Pooled over the 23 labelled unseen sets (145 such updates) it was 50.3 % at the start: half the good
news read with an invented slip, shortcut or gap ("Leilani moves on to the next feed per the sprint plan" as debt).
Adopted:
- a clause joined with "and", ";", "so" or "because" to a step done that says so in an exact form, with no exact sign
  of its own, carries that good news on (bot.understand.analyse._CARRIES, said_good): 50.3 -> 40.0 %, decisions and
  facts unchanged on every set, situations +7.9 points summed, pillars -3 (one j11 case);
- fixes told with everyday words ("hotfixed", "pushed a fix", "switched it back", "clean since"): situations found
  up on b16, u6; "prod" for production no longer matches "produce";
- the contradiction check no longer reads what a safeguard does on a condition ("a test that blocks the deploy if the
  schema changes again") as a fault standing.
Measured and not adopted: 40 neutral note examples (next steps, who works on what, what a system reads, dates) in the
bank: false alarms 50 -> 44 % (12 of them only) but decisions -33 and situations -48 points summed, contradictions
1-3 on five sets: the embedding puts "branch staff open the panel in one visit in ten" beside "Omar is on the pricing
rules"; good news read by the update-level reading turning its open issues to progress: 50 -> 21 %, but it told a
flaky job needing manual reruns as progress; a linear problem-or-not model over the bank (no separation on unseen
clauses at any threshold).

Session 20 (start tree 940aa19). blind20's set (translate_unseen_b20, 24 updates) was written before any change and
its misses were never read; the work below was read off the other sets' good-news updates told as problems. Pooled over
the 23 labelled unseen sets before it (526 updates), start -> final: good news told as a problem 40.0 -> 31.0 %,
situations found 61.9 -> 62.7 %, decisions 92.6 -> 92.8 %, pillar recall 85.9 -> 85.8 %, jargon left 8.9 %, facts
98.5 %, no contradiction. On b20 nothing moved but pillar precision (53.1 -> 54.2 %): its good news told as a problem
stays 7 of 10, so these exact forms do not reach the ways its writer told good news. Adopted, each with no set lower
on decisions or facts:
- a dated next step in a sentence of its own after good news, with no exact sign of a problem, carries the news on
  when its open reading is as near good news as reads_good asks (the same GOOD_GAP, grouping.near_good): b16, b18,
  b18c; a late dependency said the same way ("arrives on 12 January, three weeks after we needed it") stays an issue;
- an opening before a colon that only names the system, its version, site or ticket is a label (b18b);
- a move written with an arrow ("WAPE 23.4% -> 16.8%"), a measure better low that fell to a figure ("waste dropped
  to 7.8%"), rates named for a wrong outcome ("mis-sort", "wrong-call", "false-reject") better low (b16, b17, b18, b19);
- "now" before any present verb outside a closed class of faults, needs, limits and states is a step done (c9, j11,
  j13); an absence said on a fault's condition ("nobody is alerted when it fails") is no good news, a stop-gap until
  the fix is in ("until then Lena checks the log") puts the issue in hand (u7); a weekday's short name is a date;
- a date said to have moved is no step done (b15: the moved feed no longer also reports progress; pillars 83.3 -> 80,
  since that false progress carried technology).
Measured and not adopted: every open issue of an update that reads good, with no exact sign of a problem, refiled as
a note: good news told as a problem fell on 16 sets (b18c 75 -> 12.5 %, u8 100 -> 0 %) with decisions unchanged, but
real problems said plainly inside good news were hidden (situations -3 to -4 points on u, b15, b17, b18, b18c, d13, u7:
data faults in hand, a wait on IT security after "however"); excluding issues in hand did not stop it, and the open
reading's distance from good news does not separate them (true problems from 0.06 to 0.30, false ones 0.01 to 0.28).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from bot.jargon import find_unexplained, unknown_technical_words  # noqa: E402
from bot.translate import build_translator, check_facts  # noqa: E402
from bot.translate.consistency import contradictions, translation_grammar  # noqa: E402
from bot.understand import Understander  # noqa: E402
from knowledge.glossary import Glossary, GlossaryEntry, load_glossary  # noqa: E402

EVAL_DIR = ROOT.parent / "shared" / "eval"
DEFAULT_EVAL = [EVAL_DIR / "translate_dev.yaml", EVAL_DIR / "translate_more_dev.yaml"]
# The team's own unseen updates: written by the team before the engine was last changed, never tuned on.
UNSEEN = ROOT / "tests" / "data" / "translate_unseen.yaml"
# A second unseen set, written by translate4 before its engine changes (tool names and abbreviations), never tuned on.
UNSEEN_NEW = ROOT / "tests" / "data" / "translate_unseen_new.yaml"
# A third, written after translate4's glossary additions and before measuring on it: does glossary coverage hold?
UNSEEN_BLIND = ROOT / "tests" / "data" / "translate_unseen_blind.yaml"
# A fourth, written by translate5 before its engine changes (finance, HR, logistics, service, IT ops, data science).
UNSEEN_T5 = ROOT / "tests" / "data" / "translate_unseen_t5.yaml"
# A fifth, written by understand5 before its analysis changes: good news with figures, incidents with and without a choice.
UNSEEN_U5 = ROOT / "tests" / "data" / "translate_unseen_u5.yaml"
# A sixth, written by understand6 before its analysis changes: explicit asks, capacity gaps, sprints without delivery.
UNSEEN_U6 = ROOT / "tests" / "data" / "translate_unseen_u6.yaml"
# A sixth, written by compose6 before its composer changes: product names, config keys and abbreviations of many teams.
UNSEEN_C6 = ROOT / "tests" / "data" / "translate_unseen_c6.yaml"
# A seventh, written by understand7 before its analysis changes: capacity loss, handovers, implicit choices, bad news in hand.
UNSEEN_U7 = ROOT / "tests" / "data" / "translate_unseen_u7.yaml"
# An eighth, written by understand8 before its analysis changes: bad news in hand, implicit choices, asks to qualified roles.
UNSEEN_U8 = ROOT / "tests" / "data" / "translate_unseen_u8.yaml"
# A ninth, written by compose9 before its changes: trades the glossary was not written for; its terms never join it.
UNSEEN_C9 = ROOT / "tests" / "data" / "translate_unseen_c9.yaml"
# A tenth, written by understand9 before its analysis changes: covers arranged, fixes told with verbs no list holds,
# costs absorbed, capacity lost with no cover, choices, asks to a role, risks nobody owns.
UNSEEN_U9 = ROOT / "tests" / "data" / "translate_unseen_u9.yaml"
# An eleventh (j11), written by jargon11 before its changes: trades' compounds and product names side by side, names opening sentences.
UNSEEN_J11 = ROOT / "tests" / "data" / "translate_unseen_j11.yaml"
# A twelfth (d11), written by decide11 before its analysis changes: twenty trades, half good news or in hand, half needing a
# decision (choices, asks, risks nobody owns, costs and dates the business must accept).
UNSEEN_D11 = ROOT / "tests" / "data" / "translate_unseen_d11.yaml"
# Three more written in round 13, each by its writer before any change of theirs: d13 (decide13: 24 trades, half needing
# a decision), p13 (pillar13: twenty trades, many updates touching two pillars) and j13 (jargon13: twenty trades the
# glossary was not written for, compounds of everyday words and product names).
UNSEEN_D13 = ROOT / "tests" / "data" / "translate_unseen_d13.yaml"
UNSEEN_P13 = ROOT / "tests" / "data" / "translate_unseen_p13.yaml"
UNSEEN_J13 = ROOT / "tests" / "data" / "translate_unseen_j13.yaml"
# A fifteenth, written by blind15 on 2026-12-03 blind to the engine's code and first measured at that session's start
# (424df37): decisions 79 %, pillars 70 %, situations 46 %, facts 100 %, jargon left 14.6 %.
UNSEEN_B15 = ROOT / "tests" / "data" / "translate_unseen_b15.yaml"
# A sixteenth, written by blind16 blind to the engine's code and first measured at that session's start (f0122f0):
# decisions 62.5 %, pillars 87 %, situations 41 %, facts 71 %, jargon left 19.1 %.
UNSEEN_B16 = ROOT / "tests" / "data" / "translate_unseen_b16.yaml"
# A seventeenth, written by blind17 blind to the engine's code and first measured at that session's start (ce2c72f):
# decisions 75 %, pillars 78 %, situations 39 %, facts 87.5 %, jargon left 12.5 %.
UNSEEN_B17 = ROOT / "tests" / "data" / "translate_unseen_b17.yaml"
# An eighteenth, written by blind18 blind to the engine's code and first measured at that session's start (4c21cc7):
# decisions 83.3 %, pillars 77.1 %, situations 46.4 %, facts 87.5 %, jargon left 15.5 %, one ungrammatical sentence.
UNSEEN_B18 = ROOT / "tests" / "data" / "translate_unseen_b18.yaml"
# A nineteenth, written by blind18b in the middle of that session, blind to the engine's code, to judge the session's
# changes: at the session's start tree (4c21cc7) decisions 79.2 %, pillars 68.1 %, situations 60.7 %, facts 79.2 %,
# jargon left 9.6 %; at the tree it was first run on (the session's changes up to the explain-only glossary) 83.3,
# 70.2, 57.1, 79.2 and 9.6. Its facts misses were then read and mended (95.8 % after), so its facts figure is no
# longer blind; decisions, pillars and jargon were not read.
UNSEEN_B18B = ROOT / "tests" / "data" / "translate_unseen_b18b.yaml"
# A twentieth, written by blind18c near that session's end, blind to the engine's code: at the session's start tree
# (4c21cc7) decisions 91.7 %, pillars 62.3 %, situations 71.4 %, facts 75.0 %, jargon left 14.1 %; at the tree it was
# first run on 95.8, 64.2, 75.0, 79.2 and 12.8. Its facts misses were then read and mended (87.5 % after); decisions,
# pillars and jargon were not read.
UNSEEN_B18C = ROOT / "tests" / "data" / "translate_unseen_b18c.yaml"
# A twenty-first, written by blind19 at session 19's start (2026-12-05), blind to the engine's code, and first measured
# before any change of that session (db838be): decisions 79.2 %, pillars 81.1 % (precision 62.5 %), situations 72.4 %,
# facts 87.5 %, jargon left 14.8 %, no contradiction, no ungrammatical sentence.
UNSEEN_B19 = ROOT / "tests" / "data" / "translate_unseen_b19.yaml"
# blind20's 24 (2026-12-06), written the same way; first contact at 940aa19: decisions 83.3 %, pillars 86.7 % (precision
# 53.1 %), situations 55.2 %, facts 87.5 %, jargon left 13.2 %, good news told as a problem 70 % (7 of 10), no
# contradiction, one ungrammatical sentence. One label was mapped to the engine's name before any run (incident ->
# incident_open).
UNSEEN_B20 = ROOT / "tests" / "data" / "translate_unseen_b20.yaml"
GRID = [(k, floor, w, ch) for k in (3, 5) for floor in (0.26, 0.30, 0.34) for w in (0.0, 0.5, 1.0) for ch in (0.0, 0.05, 0.10)]
DEFAULT = (5, 0.30, 0.5, 0.05)
FOLDS = 5


def left_bare(text: str, mini: Glossary, glossary: Glossary) -> set[str]:
    """The case's terms used in the text with no explanation the reader can see.

    A case term inside a longer glossary term that is explained ("inference" in "Inference costs (what it costs to
    produce each answer)") is explained: the bracket follows the whole term, which is where a reader looks for it. So
    is a case term that is itself a glossary term explained by the bracket after its run ("the CMS migration (CMS:
    ...; migration: ...)"), by bot.jargon's own rule for terms side by side.
    """
    hits = find_unexplained(text, mini)
    if not hits:
        return set()
    bare = {(h.start, h.end) for h in find_unexplained(text, glossary)}
    explained = [m for m in glossary.find(text) if (m.start, m.end) not in bare]
    return {h.term for h in hits if not any(m.start <= h.start and h.end <= m.end for m in explained)}


def kept(label: str, text: str) -> bool:
    """A case's keep label is in the text as written, or with its first letter's case changed: "two" stays the same
    fact when it opens a sentence ("Two of the ..."), and a word that opened the update may sit mid-sentence."""
    return label in text or bool(label) and (label[:1].swapcase() + label[1:]) in text


_GOOD_NEWS = frozenset({"progress", "note", "incident_fixed"})


def score_case(case: dict, translator, glossary: Glossary) -> dict[str, float]:
    """One case's counts: facts, jargon, pillars, decision, contradictions, ungrammatical sentences."""
    t = translator.translate(case["text"])
    whole, listed = getattr(getattr(translator, "composer", None), "counts", (0, 0))
    text = t.business_text()
    terms = case.get("jargon", [])
    mini = Glossary([GlossaryEntry(term=j, plain="a term of the case", domain="org") for j in terms]) if terms else None
    # Left unexplained: the case's own term list, matched with the glossary's rules, with no bracket or gloss after it.
    unexplained = {term for part in t.business_texts() for term in left_bare(part, mini, glossary)} if mini else set()
    present = {m.entry.term for part in t.business_texts() for m in mini.find(part)} if mini else set()
    expected = set(case.get("pillars", []))
    wanted = case.get("situations", [])
    found = [i.situation for i in t.issues]
    # Good news (every labelled issue a step done or a fix made) told with a problem the update does not raise.
    good_news = bool(wanted) and set(wanted) <= _GOOD_NEWS
    return {
        "good_news": float(good_news), "good_as_problem": float(good_news and any(s not in _GOOD_NEWS for s in found)),
        "situations_total": len(wanted), "situations_hit": len([w for w in wanted if w in found]),
        "facts": float(all(kept(k, text) for k in case.get("keep", [])) and check_facts(case["text"], text, glossary).ok),
        "jargon_total": len(terms), "jargon_left": len(unexplained), "jargon_present": len(present),
        # Label-free: words shaped like technical names (acronyms, inner capitals) that nothing explains.
        "unknown_shaped": len({w for part in t.business_texts() for w in unknown_technical_words(part, glossary, vocabulary=False)}),
        # The same with the vocabulary rule: lower-case words absent from the English word list count too.
        "unknown_words": len({w for part in t.business_texts() for w in unknown_technical_words(part, glossary)}),
        "pillars_total": len(expected), "pillars_hit": len(expected & set(t.pillars)),
        "pillars_named": len(t.pillars),
        "decision": float((t.decision is not None) == bool(case.get("decision"))),
        "contradictions": len(contradictions(case["text"], t)),
        "ungrammatical": len(translation_grammar(t)),
        "whole": whole, "listed": listed,
    }


def summarise(rows: list[dict]) -> dict[str, float]:
    """Totals over scored cases as the rates the targets speak of."""
    total = lambda key: sum(r[key] for r in rows)  # noqa: E731
    return {
        "facts kept": total("facts") / len(rows),
        "jargon unexplained": total("jargon_left") / max(1, total("jargon_total")),
        "jargon shown, explained": total("jargon_present") / max(1, total("jargon_total")),
        "pillar recall": total("pillars_hit") / max(1, total("pillars_total")),
        "pillar precision": total("pillars_hit") / max(1, total("pillars_named")),
        "situation recall": total("situations_hit") / total("situations_total") if total("situations_total") else None,
        "decision right": total("decision") / len(rows),
        "good news told as a problem": total("good_as_problem") / total("good_news") if total("good_news") else None,
        "contradictions": total("contradictions"),
        "unknown shaped per update": total("unknown_shaped") / len(rows),
        "unknown words per update": total("unknown_words") / len(rows),
        "ungrammatical sentences": total("ungrammatical"),
        "whole share": total("whole") / max(1, total("whole") + total("listed")),
    }


def _translator(glossary: Glossary, base: Understander, k: int, floor: float, linear: float, choice: float):
    t = build_translator(glossary)
    t.understander = base.with_params(k=k, floor=floor, linear=linear, choice=choice)
    return t


def cross_validate(cases: list[dict], glossary: Glossary) -> tuple[dict[str, float], list[dict[str, float]], list[tuple]]:
    """5-fold CV: (k, floor) chosen on four folds by decision and pillar accuracy, measured on the fifth."""
    base = Understander(glossary)
    scored = {p: [score_case(c, _translator(glossary, base, *p), glossary) for c in cases] for p in GRID}
    folds = [[i for i in range(len(cases)) if i % FOLDS == n] for n in range(FOLDS)]
    held_rows, per_fold, chosen = [], [], []
    for n, test in enumerate(folds):
        train = [i for i in range(len(cases)) if i not in test]

        def fit(params: tuple) -> float:
            rows = [scored[params][i] for i in train]
            s = summarise(rows)
            return s["decision right"] + s["pillar recall"] - 0.01 * s["contradictions"]

        best = max(GRID, key=lambda p: (fit(p), p == DEFAULT))  # ties go to the shipped defaults
        chosen.append(best)
        rows = [scored[best][i] for i in test]
        held_rows += rows
        per_fold.append(summarise(rows))
    return summarise(held_rows), per_fold, chosen


def bank_cv(folds: int = FOLDS) -> list[tuple]:
    """Nearest examples, the softmax regression (with and without the exact cue features) and nearest examples with it,
    each fitted on four folds of the bank, scored on the fifth."""
    import numpy as np

    from bot.understand.bank import bank, bank_vectors, situation_rows
    from bot.understand.classify import NearestExamples, fit_linear
    from bot.understand.features import EXACT, feature_rows, text_cues

    from knowledge.embeddings import local_embedder

    b = bank()
    vectors = bank_vectors(lambda texts: local_embedder().embed_batch(texts))  # the shipped vectors when current
    x, y = situation_rows(np.asarray(vectors, dtype=np.float32), b.labels)
    texts = [t for t, lab in zip(b.texts, b.labels) if lab in set(y)]
    f = feature_rows(text_cues(texts))
    y = np.asarray(y)
    order = np.argsort(y, kind="stable")  # stratified: every fold holds every fifth example of each situation
    fold_of = np.empty(len(y), dtype=int)
    fold_of[order] = np.arange(len(y)) % folds
    names = ("nearest examples (k=5)", "softmax regression, vectors only", "softmax regression, vectors + exact cues",
             "both, vectors only (shipped: weight 0.5)", "both, vectors + exact cues (weight 0.5; measured, not shipped)")
    right = dict.fromkeys(names, 0)
    for n in range(folds):
        train, test = fold_of != n, fold_of == n
        plain = fit_linear(x[train], y[train])
        cued = fit_linear(x[train], y[train], feats=f[train], names=EXACT)
        for name, lin, weight in ((names[0], plain, 0.0), (names[3], plain, 0.5), (names[4], cued, 0.5)):
            clf = NearestExamples(x[train], list(y[train]), k=5, floor=-9, linear=lin, weight=weight)
            right[name] += int((np.asarray(clf.labels)[clf.scores(x[test], f[test]).argmax(1)] == y[test]).sum())
        for name, lin in ((names[1], plain), (names[2], cued)):
            lin = lin.aligned(sorted(set(y[train])))
            right[name] += int((np.asarray(lin.labels)[lin.proba(x[test], f[test]).argmax(1)] == y[test]).sum())
    return [(name, f"{hits / len(y):.0%}", "(info)", True) for name, hits in right.items()]


MEASURE_OWN = ROOT / "tests" / "data" / "measure_direction_own.yaml"


def measure_study() -> list[tuple]:
    """The measure reader (bot.understand.measures): which side is good for a measure no exact rule knows, read by a
    logistic regression over the bank's measure examples, beside the three nearest examples. Held-out bank examples
    (each left out in turn, refitted without it), the team's own phrases (MARGIN was set on these two) and any unseen
    phrase set (tests/data/measure_direction_b*.yaml, never tuned on): called = outside the margin, right = of those."""
    import numpy as np

    from bot.understand.bank import MEASURE_PREFIX, bank, bank_vectors
    from bot.understand.measures import LESS, MARGIN, MORE, fit_measure
    from knowledge.embeddings import local_embedder

    embed = local_embedder().embed_batch
    reader = Understander(load_glossary())
    b = bank()
    vectors = np.asarray(bank_vectors(embed), dtype=np.float32)
    at = [n for n, lab in enumerate(b.labels) if lab.startswith(MEASURE_PREFIX)]
    x, labels = vectors[at], [b.labels[n] for n in at]
    y = np.asarray([lab == MORE for lab in labels])

    def knn(xtr, ytr, xte):
        sims = xte @ xtr.T
        side = lambda keep: np.sort(np.where(keep, sims, -9.0), axis=1)[:, -3:].mean(axis=1)  # noqa: E731
        return side(ytr) - side(~ytr)

    def regression(xtr, ytr, xte):
        w, c = fit_measure(xtr, [MORE if v else LESS for v in ytr])
        return xte @ w + c

    knn_margin = 0.03  # the nearest examples' margin that called the own phrases as well as the regression does
    sets = [("bank examples, each held out", None)]
    sets += [(f"{p.stem.removeprefix('measure_direction_')} phrases", p)
             for p in [MEASURE_OWN, *sorted(MEASURE_OWN.parent.glob("measure_direction_b*.yaml"))] if p.is_file()]
    rows = []
    for label, path in sets:
        if path is None:
            scores = {name: np.asarray([f(np.delete(x, i, 0), np.delete(y, i), x[i : i + 1])[0] for i in range(len(y))])
                      for name, f in (("regression", regression), ("nearest", knn))}
            truth = y
        else:
            cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
            v = np.asarray(embed([reader._model_text(c["phrase"]) for c in cases]), dtype=np.float32)  # as at run time
            scores = {"regression": regression(x, y, v), "nearest": knn(x, y, v)}
            truth = np.asarray([c["better"] == "more" for c in cases])
        for name, margin in (("regression", MARGIN), ("nearest", knn_margin)):
            s = scores[name]
            called = np.abs(s) >= margin
            right = int(((s > 0) == truth)[called].sum())
            shipped = " (shipped)" if name == "regression" else ""
            rows.append((f"{label}: {name}{shipped}, margin {margin:g}",
                         f"{int(called.sum())}/{len(truth)} called, {right} right ({right / max(1, int(called.sum())):.0%})",
                         "(info)", True))
    return rows


PLAN_HOLDS_OWN = ROOT / "tests" / "data" / "plan_holds_own.yaml"


def plan_holds_study() -> list[tuple]:
    """The exact reading of a plan that holds (bot.understand.inhand.plan_holds) on clauses written blind to the eval
    sets (tests/data/plan_holds_own.yaml): how many plans said to hold it reads, and how many said to move, be at risk
    or be hedged it wrongly reads as holding; beside the reading before session 17 (the fixed phrases of _IN_PLAN)."""
    import bot.understand.inhand as inhand

    if not PLAN_HOLDS_OWN.is_file():
        return []
    cases = yaml.safe_load(PLAN_HOLDS_OWN.read_text(encoding="utf-8"))["cases"]
    holds = [c["clause"] for c in cases if c["holds"]]
    moves = [c["clause"] for c in cases if not c["holds"]]

    def fixed_phrases_only(text: str) -> bool:
        found = any(not inhand._NOT_BEFORE.search(text[: m.start()]) for m in inhand._IN_PLAN.finditer(text))
        if not found or inhand._CONDITION.search(text) or inhand._HEDGE.search(text):
            return False
        return inhand._NEGATED.search(inhand._NO_PROBLEM.sub(" ", inhand._IN_PLAN.sub(" ", text))) is None

    rows = []
    for name, read in (("fixed phrases (before)", fixed_phrases_only), ("schedule word + holding predicate (shipped)",
                                                                       inhand.plan_holds)):
        got, wrong = sum(map(read, holds)), sum(map(read, moves))
        rows.append((f"{name}: plans said to hold, read", f"{got}/{len(holds)} ({got / len(holds):.0%})", "(info)", True))
        rows.append((f"{name}: plans said to move or hedged, read as holding", f"{wrong}/{len(moves)}", "(info)", True))
    return rows


def _updates(cases: list[dict], n: int) -> list[str]:
    """n updates: the dev texts with varied numbers and ids, so nothing repeats verbatim."""
    return [f"{cases[i % len(cases)]['text']} Ticket OPS-{1000 + i} tracks it, about {i % 17 + 2} people involved." for i in range(n)]


def _pct(times: list[float], q: float) -> float:
    times = sorted(times)
    return times[min(len(times) - 1, max(0, int(round(q * len(times))) - 1))]


def speed(cases: list[dict], glossary: Glossary, batch_size: int) -> dict[str, float]:
    """Per-update latency in one process (cold: nothing remembered; warm: clause vectors remembered), and a CLI batch."""
    translator = build_translator(glossary)
    updates = _updates(cases, batch_size)
    for u in updates[:20]:  # imports, compiled patterns and the bank, as a running bot has them
        translator.translate(u)
    cold, cold_cpu, warm = [], [], []
    for u in updates[:300]:
        translator.understander.forget()
        start, cpu = time.perf_counter(), time.process_time()
        translator.translate(u)
        cold.append((time.perf_counter() - start) * 1000)
        cold_cpu.append((time.process_time() - cpu) * 1000)
    for u in updates:
        start = time.perf_counter()
        translator.translate(u)
        warm.append((time.perf_counter() - start) * 1000)
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "updates.txt"
        batch.write_text("\n".join(updates) + "\n", encoding="utf-8")
        env = {**os.environ, "PYTHONPATH": str(ROOT), "COMPEL_DATA_DIR": str(Path(tmp) / "data")}
        start, before = time.perf_counter(), os.times()
        proc = subprocess.run([sys.executable, "-m", "bot.cli", "translate", "--batch", str(batch), "--json"],
                              capture_output=True, text=True, env=env, cwd=tmp)
        seconds = time.perf_counter() - start
        after = os.times()
        batch_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
        lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
        batch_ok = proc.returncode == 0 and len(lines) == batch_size
        if not batch_ok:
            print(f"batch run failed (exit {proc.returncode}, {len(lines)} lines): {proc.stderr[-500:]}", file=sys.stderr)
    return {"cold p50": statistics.median(cold), "cold p95": _pct(cold, 0.95), "warm p50": statistics.median(warm),
            "warm p95": _pct(warm, 0.95), "batch s": seconds, "batch ok": batch_ok,
            "cold cpu p50": statistics.median(cold_cpu), "cold cpu p95": _pct(cold_cpu, 0.95), "batch cpu s": batch_cpu}


_SPEED_FORMATS = [
    lambda b: f"{b['cold p50']:.1f} ms", lambda b: f"{b['cold p95']:.1f} ms", lambda b: f"{b['cold cpu p50']:.1f} ms",
    lambda b: f"{b['cold cpu p95']:.1f} ms", lambda b: f"{b['warm p50']:.1f} ms", lambda b: f"{b['warm p95']:.1f} ms",
    lambda b: f"{b['batch s']:.2f} s", lambda b: f"{b['batch cpu s']:.2f} s",
]


def baseline_speed(tree: Path, evals: list[Path], batch_size: int) -> dict[str, float]:
    """The speed figures of another checkout, measured by its own code in a child process."""
    code = (
        "import json, sys, yaml\n"
        "from benchmarks.bench_translate import speed\n"
        "from knowledge.glossary import load_glossary\n"
        "cases = [c for p in sys.argv[2:] for c in yaml.safe_load(open(p, encoding='utf-8'))['cases']]\n"
        "print(json.dumps(speed(cases, load_glossary(), int(sys.argv[1]))))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("COMPEL_") and k != "PYTHONPATH"}
    own = tree / ".venv" / "bin" / "python"  # a baseline's own venv when it has one: its dependencies are part of it
    proc = subprocess.run([str(own) if own.is_file() else sys.executable, "-c", code, str(batch_size), *map(str, evals)],
                          capture_output=True, text=True, env={**env, "PYTHONPATH": str(tree)}, cwd=tree)
    if proc.returncode != 0:
        raise SystemExit(f"the baseline at {tree} failed: {proc.stderr[-500:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _quality_rows(label: str, q: dict[str, float]) -> list[tuple]:
    return [
        (f"{label}: facts kept", f"{q['facts kept']:.0%}", "100%", q["facts kept"] >= 1.0),
        (f"{label}: jargon left unexplained", f"{q['jargon unexplained']:.1%}", "<= 5%", q["jargon unexplained"] <= 0.05),
        (f"{label}: jargon shown (explained)", f"{q['jargon shown, explained']:.1%}", "(info)", True),
        (f"{label}: unexplained acronym-shaped words per update", f"{q['unknown shaped per update']:.2f}", "(info)", True),
        (f"{label}: unexplained words by shape or vocabulary, per update", f"{q['unknown words per update']:.2f}", "(info)", True),
        (f"{label}: pillar recall", f"{q['pillar recall']:.0%}", ">= 90%", q["pillar recall"] >= 0.90),
        *([(f"{label}: issue situations found", f"{q['situation recall']:.0%}", "(info)", True)]
          if q.get("situation recall") is not None else []),
        (f"{label}: pillar precision", f"{q['pillar precision']:.0%}", "(info)", True),
        *([(f"{label}: good news told with a problem it does not raise", f"{q['good news told as a problem']:.0%}",
            "(info)", True)] if q.get("good news told as a problem") is not None else []),
        (f"{label}: decision right", f"{q['decision right']:.0%}", ">= 90%", q["decision right"] >= 0.90),
        (f"{label}: contradictions", f"{q['contradictions']:.0f}", "0", q["contradictions"] == 0),
        (f"{label}: ungrammatical sentences", f"{q['ungrammatical sentences']:.0f}", "0", q["ungrammatical sentences"] == 0),
        (f"{label}: statements told as whole sentences", f"{q['whole share']:.0%}", "(info)", True),
    ]


def _print_quality(title: str, columns: dict[str, list[tuple]]) -> None:
    """One row per measure, one column per set, each figure marked where it misses its target."""
    names = list(dict.fromkeys(r[0].lstrip(": ") for rows in columns.values() for r in rows))
    cells: dict[str, dict] = {n: {} for n in names}
    for col, rows in columns.items():
        for name, value, target, ok in rows:
            cells[name.lstrip(": ")][col] = (value if ok else f"{value} (miss)", target)
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for col in ("measure", *columns, "target"):
            table.add_column(col)
        for n in names:
            target = next(iter(cells[n].values()))[1]
            table.add_row(n, *(cells[n].get(c, ("-", ""))[0] for c in columns), target)
        Console(width=max(130, 30 + 11 * len(columns))).print(table)  # one readable column per set
    except ImportError:  # plain text where rich is absent
        print(title)
        for n in names:
            target = next(iter(cells[n].values()))[1]
            print(f"{n:34}" + "".join(f"{cells[n].get(c, ('-', ''))[0]:>20}" for c in columns) + f"{target:>10}")


def _print(title: str, rows: list[tuple]) -> None:
    try:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
        for col in ("measure", "result", "target", "met"):
            table.add_column(col)
        for name, value, target, ok in rows:
            table.add_row(name, value, target, "[green]yes[/]" if ok else "[red]no[/]")
        Console(width=110).print(table)
    except ImportError:  # plain text where rich is absent
        print(title)
        for name, value, target, ok in rows:
            print(f"{name:44} {value:>14} {target:>10} {'yes' if ok else 'NO'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval", type=Path, nargs="+", default=DEFAULT_EVAL)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--baseline", type=Path, help="an earlier checkout whose speed is measured beside this one")
    args = parser.parse_args()
    missing = [p for p in args.eval if not p.is_file()]
    if missing:
        print(f"The development set is not at {missing[0]}; pass --eval PATH ...", file=sys.stderr)
        return 2
    cases = [c for p in args.eval for c in yaml.safe_load(p.read_text(encoding="utf-8"))["cases"]]
    glossary = load_glossary()
    whole = summarise([score_case(c, build_translator(glossary), glossary) for c in cases])
    cv, per_fold, chosen = cross_validate(cases, glossary)
    columns = {"dev whole set": _quality_rows("", whole), "dev 5-fold CV": _quality_rows("", cv)}
    for label, path in (("own unseen set", UNSEEN), ("new unseen set", UNSEEN_NEW), ("blind unseen set", UNSEEN_BLIND),
                        ("t5 unseen set", UNSEEN_T5),
                        ("u5 unseen set", UNSEEN_U5), ("u6 unseen set", UNSEEN_U6), ("c6 unseen set", UNSEEN_C6),
                        ("u7 unseen set", UNSEEN_U7), ("u8 unseen set", UNSEEN_U8), ("c9 unseen set", UNSEEN_C9),
                        ("u9 unseen set", UNSEEN_U9), ("j11 unseen set", UNSEEN_J11), ("d11 unseen set", UNSEEN_D11),
                        ("d13 unseen set", UNSEEN_D13), ("p13 unseen set", UNSEEN_P13), ("j13 unseen set", UNSEEN_J13),
                        ("b15 unseen set", UNSEEN_B15), ("b16 unseen set", UNSEEN_B16),
                        ("b17 unseen set", UNSEEN_B17), ("b18 unseen set", UNSEEN_B18),
                        ("b18b unseen set", UNSEEN_B18B), ("b18c unseen set", UNSEEN_B18C),
                        ("b19 unseen set", UNSEEN_B19), ("b20 unseen set", UNSEEN_B20)):
        if path.is_file():
            own = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
            columns[f"{label} ({len(own)})"] = _quality_rows(
                "", summarise([score_case(c, build_translator(glossary), glossary) for c in own]))
    _print_quality(f"compel translate quality — {len(cases)} dev updates; the unseen sets are written by the team "
                   "(tests/data/translate_unseen*.yaml) and not tuned on", columns)
    rows = [r for col in columns.values() for r in col]
    s = speed(cases, glossary, args.batch_size)
    speed_rows = [
        ("p50 per update, cold", f"{s['cold p50']:.1f} ms", "<= 20 ms", s["cold p50"] <= 20),
        ("p95 per update, cold", f"{s['cold p95']:.1f} ms", "<= 50 ms", s["cold p95"] <= 50),
        ("p50 per update, cold, CPU time (load-independent)", f"{s['cold cpu p50']:.1f} ms", "(info)", True),
        ("p95 per update, cold, CPU time (load-independent)", f"{s['cold cpu p95']:.1f} ms", "(info)", True),
        ("p50 per update, clause vectors remembered", f"{s['warm p50']:.1f} ms", "<= 20 ms", s["warm p50"] <= 20),
        ("p95 per update, clause vectors remembered", f"{s['warm p95']:.1f} ms", "<= 50 ms", s["warm p95"] <= 50),
        (f"{args.batch_size:,} updates, CLI batch", f"{s['batch s']:.2f} s" + ("" if s["batch ok"] else " (FAILED)"), "<= 10 s",
         s["batch ok"] and s["batch s"] <= 10),
        (f"{args.batch_size:,} updates, CLI batch, CPU time", f"{s['batch cpu s']:.2f} s", "(info)", True),
    ]
    if args.baseline:
        base = baseline_speed(args.baseline.resolve(), args.eval, args.batch_size)
        speed_rows = [(name, f"{value}; baseline {fmt(base)}", target, ok)
                      for (name, value, target, ok), fmt in zip(speed_rows, _SPEED_FORMATS)]
    rows += speed_rows
    names = " + ".join(p.name for p in args.eval)
    _print(f"compel translate speed — {len(cases)} dev updates ({names}), load average "
           + " ".join(f"{x:.2f}" for x in os.getloadavg()), speed_rows)
    print("Per fold (held out): " + "; ".join(
        f"fold {n + 1} k={k} floor={f:.2f} linear={w:.1f} choice margin={ch:.2f}: facts {q['facts kept']:.0%}, pillars {q['pillar recall']:.0%}, "
        f"decision {q['decision right']:.0%}, contradictions {q['contradictions']:.0f}"
        for n, (q, (k, f, w, ch)) in enumerate(zip(per_fold, chosen))))
    print("Fitted on the dev folds: only k, the note floor, the linear weight and the choice margin. The example bank (bot/understand/bank*.yaml) "
          "is hand-written and the same in every fold.")
    _print("How each way of reading the bank generalises — 5-fold CV over the bank's own situation examples "
           "(accuracy of the held-out example's situation)", bank_cv())
    _print("Which way is good for a measure no rule knows (bot.understand.measures)", measure_study())
    _print("A plan said to hold, read by exact structure (bot.understand.inhand)", plan_holds_study())
    return 0 if all(r[3] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
