-- Pairs of contacts the user said are two people ("Keep both" in Duplicates): the duplicate finder
-- no longer suggests them. The lower id comes first, so a pair is one row whichever way it is found.
CREATE TABLE distinct_people (
    a INTEGER NOT NULL REFERENCES contacts (id),
    b INTEGER NOT NULL REFERENCES contacts (id),
    PRIMARY KEY (a, b),
    CHECK (a < b)
) STRICT, WITHOUT ROWID;
