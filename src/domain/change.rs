//! The change log's vocabulary: every write is recorded as what changed, old and new values, grouped in
//! change sets (one per user action) — the base for undo, the audit trail and later sync.

use serde::{Deserialize, Serialize};

use super::choice::text_enum;
use super::time::Timestamp;

text_enum!(Entity {
    Company => "company", "Company",
    Contact => "contact", "Contact",
    Activity => "activity", "Activity",
    Task => "task", "Task",
    Pipeline => "pipeline", "Pipeline",
    Stage => "stage", "Stage",
    Deal => "deal", "Deal",
    Ticket => "ticket", "Ticket",
    TicketMessage => "ticket_message", "Ticket message",
    Campaign => "campaign", "Campaign",
    CampaignMember => "campaign_member", "Campaign member",
    Product => "product", "Product",
    Order => "order", "Order",
    Tag => "tag", "Tag",
    DistinctPair => "distinct_pair", "Pair kept apart",
});

text_enum!(ChangeOp {
    Create => "create", "Created",
    Update => "update", "Updated",
    Delete => "delete", "Deleted",
    Restore => "restore", "Restored",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ChangeSetId(pub i64);

/// One record's change inside a change set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub entity: Entity,
    pub entity_id: i64,
    /// For a change to a run of records (an import's creates), the last id of the run: the change
    /// covers `entity_id..=last_entity_id` and `fields` is empty. `None` for one record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_entity_id: Option<i64>,
    pub op: ChangeOp,
    /// Field name → [old, new]; for a create the old values are null, for a delete the new ones.
    pub fields: serde_json::Map<String, serde_json::Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeSet {
    pub id: ChangeSetId,
    pub at: Timestamp,
    pub actor: String,
    /// What the user did, in words: "Edit contact Ada Lovelace".
    pub label: String,
    pub changes: Vec<Change>,
}

/// The fields that differ between two serialized records, as `{field: [old, new]}`.
pub fn diff(
    old: &serde_json::Value,
    new: &serde_json::Value,
) -> serde_json::Map<String, serde_json::Value> {
    use serde_json::Value;
    let empty = serde_json::Map::new();
    let old_map = old.as_object().unwrap_or(&empty);
    let new_map = new.as_object().unwrap_or(&empty);
    let mut out = serde_json::Map::new();
    for (key, new_value) in new_map {
        let old_value = old_map.get(key).unwrap_or(&Value::Null);
        if old_value != new_value {
            out.insert(
                key.clone(),
                Value::Array(vec![old_value.clone(), new_value.clone()]),
            );
        }
    }
    for (key, old_value) in old_map {
        if !new_map.contains_key(key) {
            out.insert(
                key.clone(),
                Value::Array(vec![old_value.clone(), Value::Null]),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_keeps_only_changed_fields_with_old_and_new() {
        let d = diff(
            &json!({"a": 1, "b": "x", "c": true}),
            &json!({"a": 1, "b": "y", "d": 2}),
        );
        assert_eq!(
            serde_json::Value::Object(d),
            json!({"b": ["x", "y"], "c": [true, null], "d": [null, 2]})
        );
    }

    #[test]
    fn a_create_records_every_field_as_new() {
        let d = diff(&serde_json::Value::Null, &json!({"name": "Ada"}));
        assert_eq!(serde_json::Value::Object(d), json!({"name": [null, "Ada"]}));
    }
}
