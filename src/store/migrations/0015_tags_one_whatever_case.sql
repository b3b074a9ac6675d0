-- Tags are one whatever their case, accented capitals included (domain::contact::same_tag), but
-- the table's NOCASE folds A–Z only: a workspace could hold "ÉTÉ-KUNDE" and "été-kunde" as two
-- tags. This step's hook (store::tag_merge::fold_spellings) folds them into one; SQL alone
-- cannot, since SQLite's lower() leaves letters beyond A–Z as they are.
SELECT 1;
