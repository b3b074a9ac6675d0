//! Closed sets of choices (stages, priorities, channels …) stored as stable lower-case text, so the
//! file stays readable with `sqlite3` and a renamed Rust variant never changes the data.

/// Declares an enum with its stored text, a human label, `ALL`, `Display` (the label) and `FromStr`
/// (accepting the stored text or the label, case-insensitively).
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $text:literal, $label:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text stored in the workspace file.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::domain::Problem;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let t = s.trim();
                $(if t.eq_ignore_ascii_case($text) || t.eq_ignore_ascii_case($label) {
                    return Ok($name::$variant);
                })+
                Err($crate::domain::Problem::UnknownChoice(
                    s.to_string(),
                    [$($text),+].join(", "),
                ))
            }
        }
    };
}

pub(crate) use text_enum;
