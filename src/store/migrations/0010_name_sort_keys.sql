-- Names sort by a key with accents and case folded (domain::sort_key): NOCASE folds A–Z only, so
-- "Özdemir" and "Écuyer" sorted after "Zimmermann". Kith writes the key with every name it writes;
-- this step's hook (store::sort_names::fill) computes it for the rows already here, before
-- migration 0011 indexes it (filling an indexed column row by row would cost far more).
ALTER TABLE contacts ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
ALTER TABLE companies ADD COLUMN sort_name TEXT NOT NULL DEFAULT '';
