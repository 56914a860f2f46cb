-- The descriptions' trigram index (hazards_fts) no longer merges its segments inside the commits
-- that index new hazards: each group commit writes a segment, and FTS5's automatic merge did its
-- work in bursts there (64 pages per level every 64 leaf pages written), holding the writer 20–60 ms
-- while every waiting request waited (issue 23). The server's index upkeep ('hazards.fulltext-merge',
-- Kernel IndexKeeper) merges instead, 32 pages per write; `anwei tick` merges what is left. Where
-- no keeper runs (a CLI process), a level of 64 segments is still merged in the commit that makes it.
INSERT INTO hazards_fts (hazards_fts, rank) VALUES ('automerge', 0);
INSERT INTO hazards_fts (hazards_fts, rank) VALUES ('crisismerge', 64);
