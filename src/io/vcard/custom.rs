//! vCard properties Kith keeps in a contact's custom fields, under one name each way: what a card
//! brings in as "Nickname" or "Website" goes back out as NICKNAME or URL, so a card survives a
//! trip through Kith with what it said about the person.

use super::Version;

/// A custom field and the property that carries it, in 3.0 and in 4.0.
struct Carried {
    field: &'static str,
    v3: &'static str,
    v4: &'static str,
    /// Other property names that mean the same (Apple's X- forms).
    also: &'static [&'static str],
    /// The value is a URI, written as it is rather than escaped as text.
    uri: bool,
}

const CARRIED: &[Carried] = &[
    Carried {
        field: "Nickname",
        v3: "NICKNAME",
        v4: "NICKNAME",
        also: &[],
        uri: false,
    },
    Carried {
        field: "Website",
        v3: "URL",
        v4: "URL",
        also: &[],
        uri: true,
    },
    Carried {
        field: "Role",
        v3: "ROLE",
        v4: "ROLE",
        also: &[],
        uri: false,
    },
    Carried {
        field: "Anniversary",
        v3: "X-ANNIVERSARY",
        v4: "ANNIVERSARY",
        also: &["X-ANNIVERSARY", "ANNIVERSARY"],
        uri: false,
    },
    Carried {
        field: "Instant messaging",
        v3: "IMPP",
        v4: "IMPP",
        also: &[],
        uri: true,
    },
    Carried {
        field: "Social profile",
        v3: "X-SOCIALPROFILE",
        v4: "X-SOCIALPROFILE",
        also: &[],
        uri: true,
    },
    // vCard 4.0's, kept rather than dropped without a word; 3.0 has no property for them but
    // the X- forms address books use.
    Carried {
        field: "Gender",
        v3: "X-GENDER",
        v4: "GENDER",
        also: &["X-GENDER", "GENDER"],
        uri: false,
    },
    Carried {
        field: "Language",
        v3: "X-LANG",
        v4: "LANG",
        also: &["X-LANG", "LANG"],
        uri: false,
    },
    Carried {
        field: "Related person",
        v3: "X-RELATED",
        v4: "RELATED",
        also: &["X-RELATED", "RELATED"],
        uri: false,
    },
    Carried {
        field: "Time zone",
        v3: "TZ",
        v4: "TZ",
        also: &[],
        uri: false,
    },
];

/// The N components past the given and family names, as custom fields.
pub const MIDDLE_NAME: &str = "Middle name";
pub const NAME_PREFIX: &str = "Name prefix";
pub const NAME_SUFFIX: &str = "Name suffix";
/// FN when it is not the name N's parts make ("Li Wei" for N:Li;Wei, family name first).
pub use crate::io::names::DISPLAY_NAME;
/// ORG's units after the organisation's name.
pub const DEPARTMENT: &str = "Department";
/// A BDAY that is no date Kith can hold (a day without a year, or free text).
pub const BIRTHDAY: &str = "Birthday";
/// The second and later ADR of a card, as one line each: "Address 2", "Address 3" …
pub const ADDRESS: &str = "Address";
/// Any other custom field, as `X-KITH-FIELD:NAME;VALUE` (both escaped as text): no standard
/// property holds it, and a card read back by Kith gets it back under its name.
pub const OTHER_FIELD: &str = "X-KITH-FIELD";

/// Whether an `X-` property no standard field holds is kept as a custom field of its own name:
/// yes, except the bookkeeping address books write for themselves (Apple's record ids and item
/// labels, Android's and Evolution's internals), which says nothing about the person.
pub fn kept_extension(property: &str) -> bool {
    const NOISE: [&str; 8] = [
        "X-AB",
        "X-APPLE-",
        "X-ANDROID-",
        "X-EVOLUTION-",
        "X-MOZILLA-",
        "X-MS-",
        "X-KADDRESSBOOK-",
        OTHER_FIELD,
    ];
    property.starts_with("X-")
        && property.len() > 2
        && property
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
        && !NOISE.iter().any(|n| property.starts_with(n))
}

/// What an Android card's `X-ANDROID-CUSTOM:vnd.android.cursor.item/KIND;VALUE;TYPE;…` says,
/// as a custom field and its value: Android exports a nickname, a related person and a date
/// (type 1 an anniversary) this way, as 2.1 has no property for them. The nickname had been
/// dropped with Android's bookkeeping.
pub fn android(components: &[String]) -> Option<(&'static str, String)> {
    let [kind, value, rest @ ..] = components else {
        return None;
    };
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    let field = match kind.trim().strip_prefix("vnd.android.cursor.item/")? {
        "nickname" => "Nickname",
        "relation" => "Related person",
        "contact_event" if rest.first().map(|t| t.trim()) == Some("1") => "Anniversary",
        "contact_event" => "Date",
        _ => return None,
    };
    Some((field, value.to_string()))
}

/// The custom field a property is kept in, if Kith keeps it.
pub fn field_for(property: &str) -> Option<&'static str> {
    CARRIED
        .iter()
        .find(|c| c.v3 == property || c.v4 == property || c.also.contains(&property))
        .map(|c| c.field)
}

/// Where the `n`th value (first = 1) of a property goes: "Website", "Website 2", …
pub fn numbered(field: &str, n: usize) -> String {
    if n <= 1 {
        field.to_string()
    } else {
        format!("{field} {n}")
    }
}

/// The property a custom field is written as, if it is one a card carries (and whether its value
/// is a URI): matched without regard to case, numbered keys included.
pub fn property_for(key: &str, version: Version) -> Option<(&'static str, bool)> {
    let c = CARRIED.iter().find(|c| is_field(key, c.field))?;
    let name = match version {
        Version::V3 => c.v3,
        Version::V4 => c.v4,
    };
    Some((name, c.uri))
}

/// True when `key` names `field`, or its numbered form ("Website 2").
pub fn is_field(key: &str, field: &str) -> bool {
    let key = key.trim();
    if key.eq_ignore_ascii_case(field) {
        return true;
    }
    key.get(..field.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(field))
        && key[field.len()..]
            .strip_prefix(' ')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_properties_name_each_other() {
        assert_eq!(field_for("URL"), Some("Website"));
        assert_eq!(field_for("X-ANNIVERSARY"), Some("Anniversary"));
        assert_eq!(field_for("PRODID"), None);
        assert_eq!(field_for("GENDER"), Some("Gender"));
        assert_eq!(
            property_for("Gender", Version::V3),
            Some(("X-GENDER", false))
        );
        assert_eq!(property_for("website 2", Version::V3), Some(("URL", true)));
        assert_eq!(
            property_for("Anniversary", Version::V3),
            Some(("X-ANNIVERSARY", false))
        );
        assert_eq!(
            property_for("Anniversary", Version::V4),
            Some(("ANNIVERSARY", false))
        );
        assert_eq!(property_for("Websites", Version::V4), None);
        assert_eq!(numbered("Website", 1), "Website");
        assert_eq!(numbered("Website", 3), "Website 3");
        assert!(is_field("Middle Name", MIDDLE_NAME));
        assert!(!is_field("Middle name x", MIDDLE_NAME));
        assert!(kept_extension("X-PHONETIC-FIRST-NAME"));
        assert!(kept_extension("X-CUSTOM"));
        assert!(!kept_extension("X-ABUID"));
        assert!(!kept_extension("X-ANDROID-CUSTOM"));
        let parts = |s: &str| s.split(';').map(String::from).collect::<Vec<_>>();
        assert_eq!(
            android(&parts(
                "vnd.android.cursor.item/nickname;Jogi;1;;;;;;;;;;;;;"
            )),
            Some(("Nickname", "Jogi".to_string()))
        );
        assert_eq!(
            android(&parts(
                "vnd.android.cursor.item/contact_event;2009-06-20;1;;;;;;;;;;;;;"
            )),
            Some(("Anniversary", "2009-06-20".to_string()))
        );
        assert_eq!(android(&parts("vnd.android.cursor.item/photo;x")), None);
        assert!(!kept_extension("X-KITH-FIELD"));
        assert!(!kept_extension("PRODID"));
        assert!(
            !kept_extension("X-ray"),
            "a field a person named so is not a property"
        );
    }
}
