//! How a person's name is written from its two parts. Most names are written given name first,
//! with a space ("Ada Lovelace"); Chinese, Japanese and Korean names family name first, written
//! together ("李伟": family name 李, given name 伟; "山田太郎", "김민수"). Kith shows a name the way
//! its own people write it, in the window, in exports and in the SQL that lists names, which
//! [`written_sql!`](crate::written_sql) spells out the same way.

/// The name as it is written: family name first and together when both parts are written in
/// Chinese, Japanese or Korean script, else given name first with a space.
pub fn written(first: &str, last: &str) -> String {
    let (first, last) = (first.trim(), last.trim());
    match (first, last) {
        ("", last) => last.to_string(),
        (first, "") => first.to_string(),
        (first, last) if written_together(first, last) => format!("{last}{first}"),
        (first, last) => format!("{first} {last}"),
    }
}

/// Whether both parts are in the scripts that write a name family name first and together:
/// nothing but Han, kana and Hangul, and at least one Han character or Hangul syllable (a name in
/// katakana alone, "ジョン" "スミス", is a foreign name, written given name first).
pub fn written_together(first: &str, last: &str) -> bool {
    let (first, last) = (first.trim(), last.trim());
    !first.is_empty()
        && !last.is_empty()
        && first.chars().chain(last.chars()).all(east_asian)
        && first.chars().chain(last.chars()).any(han_or_hangul)
}

/// Han (with 々 and 〆, written inside Japanese names), kana and Hangul syllables: the characters
/// `written_sql!`'s GLOB classes list.
fn east_asian(c: char) -> bool {
    han_or_hangul(c) || matches!(c, '\u{3006}' | '\u{3041}'..='\u{30FF}')
}

fn han_or_hangul(c: char) -> bool {
    matches!(c,
        '\u{3005}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// The SQL expression for [`written`] over a table's `first_name` and `last_name`, as a string
/// literal (usable in `concat!`): `written_sql!()` for the columns unqualified, `written_sql!("c")`
/// for `c.first_name` and `c.last_name`. Plain SQL, so it needs no function registered on the
/// connection. Names are stored trimmed; a store test holds it to [`written`]'s answers.
#[macro_export]
macro_rules! written_sql {
    ($($table:literal)?) => {
        concat!(
            "(CASE WHEN ", $crate::written_together_sql!($($table)?),
            " THEN ", $crate::name_column!("last_name" $(, $table)?),
            " || ", $crate::name_column!("first_name" $(, $table)?),
            " ELSE trim(", $crate::name_column!("first_name" $(, $table)?),
            " || ' ' || ", $crate::name_column!("last_name" $(, $table)?), ") END)"
        )
    };
}

/// [`written_together`] as an SQL condition, like [`written_sql!`]: GLOB over the characters
/// [`east_asian`] and [`han_or_hangul`] take. Migration 0013's search triggers spell it out.
#[macro_export]
macro_rules! written_together_sql {
    ($($table:literal)?) => {
        concat!(
            "(", $crate::name_column!("first_name" $(, $table)?), " <> '' AND ",
            $crate::name_column!("last_name" $(, $table)?), " <> '' AND ",
            $crate::name_column!("last_name" $(, $table)?), " || ",
            $crate::name_column!("first_name" $(, $table)?),
            " NOT GLOB '*[^々〆ぁ-ヿ㐀-䶿一-鿿\u{f900}-\u{faff}가-힣𠀀-𯨟]*' AND ",
            $crate::name_column!("last_name" $(, $table)?), " || ",
            $crate::name_column!("first_name" $(, $table)?),
            " GLOB '*[々㐀-䶿一-鿿\u{f900}-\u{faff}가-힣𠀀-𯨟]*')"
        )
    };
}

/// `column` of `table` in SQL: `"c.first_name"`, or the column alone.
#[doc(hidden)]
#[macro_export]
macro_rules! name_column {
    ($column:literal) => {
        $column
    };
    ($column:literal, $table:literal) => {
        concat!($table, ".", $column)
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn east_asian_names_are_written_family_name_first_and_together() {
        assert_eq!(written("伟", "李"), "李伟");
        assert_eq!(written("太郎", "山田"), "山田太郎");
        assert_eq!(written("花子", "佐々木"), "佐々木花子");
        assert_eq!(written("민수", "김"), "김민수");
        assert_eq!(written("さくら", "木村"), "木村さくら");
    }

    #[test]
    fn other_names_are_written_given_name_first() {
        assert_eq!(written("Ada", "Lovelace"), "Ada Lovelace");
        assert_eq!(written("Wei", "Li"), "Wei Li");
        assert_eq!(written("ジョン", "スミス"), "ジョン スミス");
        assert_eq!(written("Wei", "李"), "Wei 李");
        assert_eq!(written("", "李"), "李");
        assert_eq!(written(" 伟 ", ""), "伟");
        assert_eq!(written("", ""), "");
    }
}
