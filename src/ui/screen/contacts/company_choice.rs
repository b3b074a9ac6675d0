//! A company as the contact and segment filters offer it.

use crate::domain::CompanyId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanyChoice {
    pub id: CompanyId,
    pub name: String,
}

/// Companies as a picker lists them: a name several companies share ("Birchwood Bakery" in
/// Copenhagen and in Edinburgh) says which each is by its city, or by its number without one —
/// the list had shown the same name twice and the filter's chip could not tell which was picked.
pub fn company_choices(companies: Vec<(CompanyId, String, String)>) -> Vec<CompanyChoice> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    for (_, name, _) in &companies {
        *seen.entry(name.to_lowercase()).or_default() += 1;
    }
    companies
        .into_iter()
        .map(|(id, name, city)| {
            let shared = seen.get(&name.to_lowercase()).is_some_and(|n| *n > 1);
            let name = match (shared, city.trim()) {
                (false, _) => name,
                (true, "") => format!("{name} (#{})", id.0),
                (true, city) => format!("{name} ({city})"),
            };
            CompanyChoice { id, name }
        })
        .collect()
}

impl std::fmt::Display for CompanyChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_several_companies_share_says_which_each_is() {
        let names = |rows: Vec<(i64, &str, &str)>| -> Vec<String> {
            company_choices(
                rows.into_iter()
                    .map(|(id, n, c)| (CompanyId(id), n.to_string(), c.to_string()))
                    .collect(),
            )
            .into_iter()
            .map(|c| c.to_string())
            .collect()
        };
        assert_eq!(
            names(vec![
                (73, "Birchwood Bakery", "Copenhagen"),
                (123, "birchwood bakery", "Edinburgh"),
                (9, "Birchwood Bakery", " "),
                (5, "Acme", "Oslo"),
            ]),
            [
                "Birchwood Bakery (Copenhagen)",
                "birchwood bakery (Edinburgh)",
                "Birchwood Bakery (#9)",
                "Acme"
            ]
        );
    }
}
