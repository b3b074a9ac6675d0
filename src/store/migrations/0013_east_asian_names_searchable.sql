-- Chinese, Japanese and Korean names are written family name first and together ("李伟" for
-- family name 李, given name 伟). The search index held only "伟 李", and the tokenizer reads a run
-- of Han characters as one word, so searching for "李伟" (or "山田太郎") found no one. The name
-- column now also holds the name written together when both parts are in those scripts (the
-- condition is `domain::person_name::written_together_sql!("new")`; a test holds them alike), and
-- the contacts already so named are indexed again.
DROP TRIGGER IF EXISTS contacts_fts_insert;
DROP TRIGGER IF EXISTS contacts_fts_update;

CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, detail) VALUES (
        new.id,
        new.first_name || ' ' || new.last_name || CASE WHEN (new.first_name <> '' AND new.last_name <> '' AND new.last_name || new.first_name NOT GLOB '*[^々〆ぁ-ヿ㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*' AND new.last_name || new.first_name GLOB '*[々㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*') THEN ' ' || new.last_name || new.first_name ELSE '' END,
        concat_ws(' ', new.job_title, new.city, new.country, new.owner,
            (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)),
            (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)),
            new.notes));
END;

CREATE TRIGGER contacts_fts_update AFTER UPDATE OF first_name, last_name, emails, phones, job_title, city, country, owner, notes ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.id;
    INSERT INTO contacts_fts (rowid, name, detail) VALUES (
        new.id,
        new.first_name || ' ' || new.last_name || CASE WHEN (new.first_name <> '' AND new.last_name <> '' AND new.last_name || new.first_name NOT GLOB '*[^々〆ぁ-ヿ㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*' AND new.last_name || new.first_name GLOB '*[々㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*') THEN ' ' || new.last_name || new.first_name ELSE '' END,
        concat_ws(' ', new.job_title, new.city, new.country, new.owner,
            (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)),
            (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)),
            new.notes));
END;

DELETE FROM contacts_fts WHERE rowid IN (SELECT new.id FROM contacts AS new WHERE (new.first_name <> '' AND new.last_name <> '' AND new.last_name || new.first_name NOT GLOB '*[^々〆ぁ-ヿ㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*' AND new.last_name || new.first_name GLOB '*[々㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*'));
INSERT INTO contacts_fts (rowid, name, detail)
    SELECT new.id,
        new.first_name || ' ' || new.last_name || CASE WHEN (new.first_name <> '' AND new.last_name <> '' AND new.last_name || new.first_name NOT GLOB '*[^々〆ぁ-ヿ㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*' AND new.last_name || new.first_name GLOB '*[々㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*') THEN ' ' || new.last_name || new.first_name ELSE '' END,
        concat_ws(' ', new.job_title, new.city, new.country, new.owner,
            (SELECT group_concat(value ->> 'address', ' ') FROM json_each(new.emails)),
            (SELECT group_concat(value ->> 'number', ' ') FROM json_each(new.phones)),
            new.notes)
    FROM contacts AS new WHERE (new.first_name <> '' AND new.last_name <> '' AND new.last_name || new.first_name NOT GLOB '*[^々〆ぁ-ヿ㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*' AND new.last_name || new.first_name GLOB '*[々㐀-䶿一-鿿豈-﫿가-힣𠀀-𯨟]*');
