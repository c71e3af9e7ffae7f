//! DynamoDB: one item per request (`pk = req#<id>`), one dedupe marker per keyed hash
//! (`pk = dedupe#<hmac>`), written together in a transaction; the HMAC secret in
//! `pk = config#dedupe-secret`; one marker per short reference (`pk = ref#<REFERENCE>`, with
//! the request's id), written in the same transaction, so no two requests share one; one item per daily run (`pk = run#daily#<YYYY-MM-DD>`); one
//! counter per abuse limit and window (`pk = limit#<kind>#<hmac>`, `limit#notices`).
//! Status changes and confirmations are conditional updates, so two operators (or a
//! requester and an operator) cannot overwrite each other.
//!
//! Two sparse global secondary indexes keep the scheduled work proportional to open work,
//! not to the years of requests the table holds (the role has no `Scan`):
//! - [`OPEN_INDEX`]: `open = "1"` and `due = <deadline>#<received_at>#<id>` while a request is
//!   `received` or `in_progress` (removed with `completed` / `refused`): `list` and the digest;
//! - [`MAIL_INDEX`]: `owed = "1"` (sorted by `received_at`) while an e-mail of the request is
//!   pending, failed or deferred (removed once nothing is owed): the resend.
//!
//! The honeypot's requests are in neither.

use super::{
    classify_confirmation, Change, Confirmation, Created, Delivery, RunSummary, StoreError,
    Transition,
};
use crate::limits::Slot;
use crate::request::{AckStatus, AuditEntry, Reference, RequestRecord, Status};
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, ReturnValue, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;

const SECRET_PK: &str = "config#dedupe-secret";

/// The index of open requests by deadline (`deploy/template.yaml` declares it).
pub const OPEN_INDEX: &str = "open-by-deadline";
/// The index of requests that owe an e-mail.
pub const MAIL_INDEX: &str = "mail-owed";

pub struct DynamoStore {
    client: Client,
    table: String,
    /// Items read by the scheduled work's queries and reads (`ScannedCount`, one per
    /// `GetItem`), for the reports of the daily run and the resend.
    reads: std::sync::atomic::AtomicU64,
}

/// The sort key of [`OPEN_INDEX`]: earliest deadline first, then the earliest received.
fn due_key(r: &RequestRecord) -> String {
    format!("{}#{}#{}", r.deadline, r.received_at, r.id)
}

/// The condition under which [`MAIL_INDEX`]'s attribute may go: nothing is owed any more.
const NOTHING_OWED: &str = "NOT (ack_status IN (:pending, :failed)) \
     AND (attribute_not_exists(notice_status) OR NOT (notice_status IN (:pending, :failed, :deferred))) \
     AND (attribute_not_exists(outcome_mail) OR NOT (outcome_mail IN (:pending, :failed)))";

fn unavailable<E: std::fmt::Debug + ProvideErrorMetadata>(e: SdkError<E>) -> StoreError {
    let code = e.code().unwrap_or("").to_string();
    StoreError::Unavailable(if code.is_empty() { sdk_class(&e) } else { code })
}

fn sdk_class<E>(e: &SdkError<E>) -> String {
    match e {
        SdkError::TimeoutError(_) => "timeout".into(),
        SdkError::DispatchFailure(_) => "dispatch_failure".into(),
        SdkError::ResponseError(_) => "response_error".into(),
        SdkError::ServiceError(_) => "service_error".into(),
        _ => "sdk_error".into(),
    }
}

/// A JSON value as a DynamoDB attribute (maps and lists nest); `None` for null.
fn to_attr(value: serde_json::Value) -> Option<AttributeValue> {
    Some(match value {
        serde_json::Value::Null => return None,
        serde_json::Value::String(s) => AttributeValue::S(s),
        serde_json::Value::Number(n) => AttributeValue::N(n.to_string()),
        serde_json::Value::Bool(b) => AttributeValue::Bool(b),
        serde_json::Value::Array(items) => AttributeValue::L(
            items
                .into_iter()
                .map(|v| to_attr(v).unwrap_or(AttributeValue::Null(true)))
                .collect(),
        ),
        serde_json::Value::Object(map) => AttributeValue::M(to_item(map)),
    })
}

/// A JSON object (a serialized record) as DynamoDB attributes; nulls are left out.
fn to_item(map: serde_json::Map<String, serde_json::Value>) -> HashMap<String, AttributeValue> {
    map.into_iter()
        .filter_map(|(k, v)| to_attr(v).map(|a| (k, a)))
        .collect()
}

fn from_attr(key: &str, value: &AttributeValue) -> Result<serde_json::Value, StoreError> {
    use serde_json::Value;
    Ok(match value {
        AttributeValue::S(s) => Value::String(s.clone()),
        AttributeValue::N(n) => n
            .parse::<i64>()
            .map(Value::from)
            .map_err(|_| StoreError::Corrupt(format!("attribute {key} is not an integer")))?,
        AttributeValue::Bool(b) => Value::Bool(*b),
        AttributeValue::L(items) => Value::Array(
            items
                .iter()
                .map(|v| from_attr(key, v))
                .collect::<Result<_, _>>()?,
        ),
        AttributeValue::M(map) => Value::Object(from_map(map)?),
        _ => Value::Null,
    })
}

fn from_map(
    item: &HashMap<String, AttributeValue>,
) -> Result<serde_json::Map<String, serde_json::Value>, StoreError> {
    item.iter()
        .map(|(k, v)| Ok((k.clone(), from_attr(k, v)?)))
        .collect()
}

fn from_item(item: &HashMap<String, AttributeValue>) -> Result<RequestRecord, StoreError> {
    serde_json::from_value(serde_json::Value::Object(from_map(item)?))
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// A serializable value as one attribute (the audit entry, the refusal).
fn attr_of<T: serde::Serialize>(value: &T) -> Result<AttributeValue, StoreError> {
    let json = serde_json::to_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    to_attr(json).ok_or_else(|| StoreError::Corrupt("empty value".into()))
}

fn is_condition_failure<E: ProvideErrorMetadata>(e: &SdkError<E>) -> bool {
    e.code() == Some("ConditionalCheckFailedException")
}

fn run_pk(day: &str) -> String {
    format!("run#daily#{day}")
}

fn request_pk(id: &str) -> String {
    format!("req#{id}")
}

fn reference_pk(reference: &Reference) -> String {
    format!("ref#{}", reference.as_str())
}

impl DynamoStore {
    pub fn new(client: Client, table: String) -> Self {
        DynamoStore {
            client,
            table,
            reads: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Items read so far by the queries of the scheduled work (see [`Self::reads`]).
    pub fn items_read(&self) -> u64 {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    fn count_reads(&self, n: i32) {
        self.reads.fetch_add(
            u64::try_from(n).unwrap_or(0),
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    pub fn table(&self) -> &str {
        &self.table
    }

    pub async fn dedupe_secret(&self) -> Result<Vec<u8>, StoreError> {
        let read = || async {
            let out = self
                .client
                .get_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(SECRET_PK.into()))
                .consistent_read(true)
                .send()
                .await
                .map_err(unavailable)?;
            Ok::<_, StoreError>(
                out.item()
                    .and_then(|i| i.get("secret"))
                    .and_then(|v| v.as_b().ok())
                    .map(|b| b.as_ref().to_vec()),
            )
        };
        if let Some(secret) = read().await? {
            return Ok(secret);
        }
        let fresh: [u8; 32] = rand::random();
        let put = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(SECRET_PK.into()))
            .item("secret", AttributeValue::B(fresh.to_vec().into()))
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match put {
            Ok(_) => Ok(fresh.to_vec()),
            // Another instance created it first: use theirs.
            Err(e) if e.code() == Some("ConditionalCheckFailedException") => read()
                .await?
                .ok_or_else(|| StoreError::Corrupt("dedupe secret vanished".into())),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub async fn create(&self, record: &RequestRecord, now: i64) -> Result<Created, StoreError> {
        let mut item = match serde_json::to_value(record) {
            Ok(serde_json::Value::Object(map)) => to_item(map),
            _ => return Err(StoreError::Corrupt("record is not an object".into())),
        };
        item.insert("pk".into(), AttributeValue::S(request_pk(&record.id)));
        if !record.honeypot {
            if record.status.is_open() {
                item.insert("open".into(), AttributeValue::S("1".into()));
                item.insert("due".into(), AttributeValue::S(due_key(record)));
            }
            if record.owes_mail() {
                item.insert("owed".into(), AttributeValue::S("1".into()));
            }
        }
        let dedupe_pk = format!("dedupe#{}", record.dedupe_key);
        let put_request = Put::builder()
            .table_name(&self.table)
            .set_item(Some(item))
            .condition_expression("attribute_not_exists(pk)")
            .build()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let put_dedupe = Put::builder()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(dedupe_pk.clone()))
            .item("request_id", AttributeValue::S(record.id.clone()))
            .item(
                "dedupe_until",
                AttributeValue::N(record.dedupe_until.to_string()),
            )
            .item(
                "expires_at",
                AttributeValue::N(record.dedupe_until.to_string()),
            )
            // TTL deletion is lazy: an expired marker may still be there, so check the time too.
            .condition_expression("attribute_not_exists(pk) OR dedupe_until < :now")
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .build()
            .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        // The reference's marker lives as long as the request.
        let put_reference = record
            .reference
            .as_ref()
            .map(|reference| {
                Put::builder()
                    .table_name(&self.table)
                    .item("pk", AttributeValue::S(reference_pk(reference)))
                    .item("request_id", AttributeValue::S(record.id.clone()))
                    .item(
                        "expires_at",
                        AttributeValue::N(record.expires_at.to_string()),
                    )
                    .condition_expression("attribute_not_exists(pk)")
                    .build()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .transpose()?;
        // Concurrent transactions on the same marker may be rejected as conflicts: retry a few
        // times; the loser then sees the winner's marker.
        for attempt in 0..4 {
            let mut transaction = self
                .client
                .transact_write_items()
                .transact_items(
                    TransactWriteItem::builder()
                        .put(put_request.clone())
                        .build(),
                )
                .transact_items(TransactWriteItem::builder().put(put_dedupe.clone()).build());
            if let Some(put) = &put_reference {
                transaction = transaction
                    .transact_items(TransactWriteItem::builder().put(put.clone()).build());
            }
            let result = transaction.send().await;
            match result {
                Ok(_) => return Ok(Created::New),
                Err(SdkError::ServiceError(service)) => {
                    let err = service.into_err();
                    let reasons: Vec<String> = match &err {
                        TransactWriteItemsError::TransactionCanceledException(c) => c
                            .cancellation_reasons()
                            .iter()
                            .map(|r| r.code().unwrap_or("None").to_string())
                            .collect(),
                        _ => Vec::new(),
                    };
                    let conflict = err.code() == Some("TransactionConflictException")
                        || reasons.iter().any(|r| r == "TransactionConflict");
                    if reasons
                        .get(1)
                        .is_some_and(|r| r == "ConditionalCheckFailed")
                    {
                        if let Some(first) = self.marker_target(&dedupe_pk).await? {
                            return Ok(Created::Duplicate(Box::new(first)));
                        }
                    } else if reasons
                        .get(2)
                        .is_some_and(|r| r == "ConditionalCheckFailed")
                    {
                        return Ok(Created::ReferenceTaken);
                    } else if !conflict {
                        return Err(StoreError::Unavailable(
                            err.code().unwrap_or("transaction_failed").to_string(),
                        ));
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(20 * (attempt + 1))).await;
                }
                Err(e) => return Err(unavailable(e)),
            }
        }
        Err(StoreError::Unavailable("transaction_conflict".into()))
    }

    /// The request a marker (dedupe or reference) points to.
    async fn marker_target(&self, dedupe_pk: &str) -> Result<Option<RequestRecord>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(dedupe_pk.into()))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let Some(id) = out
            .item()
            .and_then(|i| i.get("request_id"))
            .and_then(|v| v.as_s().ok())
        else {
            return Ok(None);
        };
        self.get(id).await
    }

    pub async fn find_reference(
        &self,
        reference: &Reference,
    ) -> Result<Option<RequestRecord>, StoreError> {
        // The marker and the request are written together: a consistent read of the marker
        // finds a request that is there.
        self.marker_target(&reference_pk(reference)).await
    }

    pub async fn get(&self, id: &str) -> Result<Option<RequestRecord>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        out.item().map(from_item).transpose()
    }

    pub async fn record_delivery(
        &self,
        id: &str,
        delivery: &Delivery<'_>,
    ) -> Result<(), StoreError> {
        let mut set = Vec::new();
        let mut remove = Vec::new();
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression("attribute_exists(pk)")
            .return_values(ReturnValue::AllNew);
        let parts = [
            (
                "ack_status",
                "ack_error",
                delivery.ack.map(|(s, e)| (s.as_str(), s.is_owed(), e)),
            ),
            (
                "notice_status",
                "notice_error",
                delivery.notice.map(|(s, e)| {
                    use crate::request::NoticeStatus;
                    let owed = matches!(
                        s,
                        NoticeStatus::Pending | NoticeStatus::Failed | NoticeStatus::Deferred
                    );
                    (s.as_str(), owed, e)
                }),
            ),
        ];
        let mut now_owed = false;
        for (i, (status_attr, error_attr, part)) in parts.into_iter().enumerate() {
            let Some((status, owed, error)) = part else {
                continue;
            };
            now_owed |= owed;
            set.push(format!("{status_attr} = :s{i}"));
            update = update
                .expression_attribute_values(format!(":s{i}"), AttributeValue::S(status.into()));
            match error {
                Some(e) => {
                    set.push(format!("{error_attr} = :e{i}"));
                    update = update
                        .expression_attribute_values(format!(":e{i}"), AttributeValue::S(e.into()));
                }
                None => remove.push(error_attr),
            }
        }
        if now_owed {
            set.push("owed = :one".into());
            update = update.expression_attribute_values(":one", AttributeValue::S("1".into()));
        }
        if delivery.release {
            remove.push("mail_lease_until");
        }
        let mut expression = if set.is_empty() {
            String::new()
        } else {
            format!("SET {}", set.join(", "))
        };
        if !remove.is_empty() {
            expression.push_str(&format!(" REMOVE {}", remove.join(", ")));
        }
        let out = update
            .update_expression(expression.trim_start())
            .send()
            .await
            .map_err(unavailable)?;
        self.settle_owed(id, out.attributes()).await
    }

    pub async fn take_mail_lease(
        &self,
        id: &str,
        now: i64,
        until: i64,
    ) -> Result<bool, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression(
                "attribute_exists(pk) AND (attribute_not_exists(mail_lease_until) OR mail_lease_until < :now)",
            )
            .update_expression("SET mail_lease_until = :until")
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .expression_attribute_values(":until", AttributeValue::N(until.to_string()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if is_condition_failure(&e) => Ok(false),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// Takes the request out of [`MAIL_INDEX`] once nothing is owed: conditional on the
    /// stored states, so a concurrent change that makes an e-mail owed again keeps it in.
    async fn settle_owed(
        &self,
        id: &str,
        item: Option<&HashMap<String, AttributeValue>>,
    ) -> Result<(), StoreError> {
        let Some(item) = item.filter(|i| i.contains_key("owed")) else {
            return Ok(());
        };
        if from_item(item)?.owes_mail() {
            return Ok(());
        }
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression(format!("attribute_exists(pk) AND {NOTHING_OWED}"))
            .update_expression("REMOVE owed")
            .expression_attribute_values(":pending", AttributeValue::S("pending".into()))
            .expression_attribute_values(":failed", AttributeValue::S("failed".into()))
            .expression_attribute_values(":deferred", AttributeValue::S("deferred".into()))
            .send()
            .await;
        match result {
            Ok(_) => Ok(()),
            Err(e) if is_condition_failure(&e) => Ok(()),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// A slot in the current window (a conditional increment), else a new window (a
    /// conditional put over an absent or ended one); when a concurrent caller opened the new
    /// window first, its slots are tried once more. TTL deletion is lazy (and moto never
    /// deletes), so the window's end is checked here, not left to TTL.
    pub async fn take_slot(
        &self,
        key: &str,
        limit: u32,
        window: i64,
        now: i64,
    ) -> Result<Slot, StoreError> {
        let pk = format!("limit#{key}");
        let ended = (now - window).to_string();
        let full = |start: Option<i64>| Slot::Full {
            until: start.unwrap_or(now) + window,
        };
        if limit == 0 {
            return Ok(full(None));
        }
        for _ in 0..2 {
            let increment = self
                .client
                .update_item()
                .table_name(&self.table)
                .key("pk", AttributeValue::S(pk.clone()))
                .condition_expression("attribute_exists(pk) AND #w > :ended AND #u < :limit")
                .update_expression("SET #u = #u + :one")
                .expression_attribute_names("#w", "window_start")
                .expression_attribute_names("#u", "used")
                .expression_attribute_values(":ended", AttributeValue::N(ended.clone()))
                .expression_attribute_values(":limit", AttributeValue::N(limit.to_string()))
                .expression_attribute_values(":one", AttributeValue::N("1".into()))
                .send()
                .await;
            match increment {
                Ok(_) => return Ok(Slot::Taken),
                Err(e) if is_condition_failure(&e) => {}
                Err(e) => return Err(unavailable(e)),
            }
            let open = self
                .client
                .put_item()
                .table_name(&self.table)
                .item("pk", AttributeValue::S(pk.clone()))
                .item("window_start", AttributeValue::N(now.to_string()))
                .item("used", AttributeValue::N("1".into()))
                .item("expires_at", AttributeValue::N((now + window).to_string()))
                .condition_expression("attribute_not_exists(pk) OR #w <= :ended")
                .expression_attribute_names("#w", "window_start")
                .expression_attribute_values(":ended", AttributeValue::N(ended.clone()))
                .send()
                .await;
            match open {
                Ok(_) => return Ok(Slot::Taken),
                Err(e) if is_condition_failure(&e) => {}
                Err(e) => return Err(unavailable(e)),
            }
        }
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(pk))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        let start = out
            .item()
            .and_then(|i| i.get("window_start"))
            .and_then(|v| v.as_n().ok())
            .and_then(|n| n.parse::<i64>().ok());
        Ok(full(start))
    }

    /// Every request item of a sparse index (`key` = "1"), in the index's order.
    async fn query_index(&self, index: &str, key: &str) -> Result<Vec<RequestRecord>, StoreError> {
        let mut out = Vec::new();
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let page = self
                .client
                .query()
                .table_name(&self.table)
                .index_name(index)
                .key_condition_expression("#k = :one")
                .expression_attribute_names("#k", key)
                .expression_attribute_values(":one", AttributeValue::S("1".into()))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(unavailable)?;
            self.count_reads(page.scanned_count());
            for item in page.items() {
                out.push(from_item(item)?);
            }
            match page.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => break,
            }
        }
        Ok(out)
    }

    /// The requests that owe an e-mail, each read again consistently: an index is only
    /// eventually consistent, and an e-mail just sent must not be sent twice.
    pub async fn needs_mail(&self) -> Result<Vec<RequestRecord>, StoreError> {
        let mut out = Vec::new();
        for candidate in self.query_index(MAIL_INDEX, "owed").await? {
            self.count_reads(1);
            if let Some(r) = self.get(&candidate.id).await? {
                if r.owes_mail() && !r.honeypot {
                    out.push(r);
                }
            }
        }
        out.sort_by(|a, b| a.received_at.cmp(&b.received_at));
        Ok(out)
    }

    /// Puts every request stored before the indexes existed into them: one paginated Scan
    /// (the operator's, once: the function's role cannot scan), then per request missing
    /// an attribute a conditional update (its status and e-mail states as read).
    pub async fn reindex(&self) -> Result<u64, StoreError> {
        let mut changed = 0;
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let page = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("begins_with(pk, :p) AND attribute_not_exists(honeypot)")
                .expression_attribute_values(":p", AttributeValue::S("req#".into()))
                .set_exclusive_start_key(start.take())
                .send()
                .await
                .map_err(unavailable)?;
            for item in page.items() {
                let r = from_item(item)?;
                let index_open = r.status.is_open() && !item.contains_key("open");
                let index_owed = r.owes_mail() && !item.contains_key("owed");
                if !index_open && !index_owed {
                    continue;
                }
                // DynamoDB refuses names and values that the expressions do not use.
                let mut set = Vec::new();
                let mut update = self
                    .client
                    .update_item()
                    .table_name(&self.table)
                    .key("pk", AttributeValue::S(request_pk(&r.id)))
                    .condition_expression("#s = :status")
                    .expression_attribute_names("#s", "status")
                    .expression_attribute_values(
                        ":status",
                        AttributeValue::S(r.status.as_str().into()),
                    )
                    .expression_attribute_values(":one", AttributeValue::S("1".into()));
                if index_open {
                    set.push("#open = :one, due = :due");
                    update = update
                        .expression_attribute_names("#open", "open")
                        .expression_attribute_values(":due", AttributeValue::S(due_key(&r)));
                }
                if index_owed {
                    set.push("owed = :one");
                }
                let result = update
                    .update_expression(format!("SET {}", set.join(", ")))
                    .send()
                    .await;
                match result {
                    Ok(_) => changed += 1,
                    // Changed since it was read: the change itself kept the indexes.
                    Err(e) if is_condition_failure(&e) => {}
                    Err(e) => return Err(unavailable(e)),
                }
            }
            match page.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => break,
            }
        }
        Ok(changed)
    }

    pub async fn open_requests(&self) -> Result<Vec<RequestRecord>, StoreError> {
        Ok(self
            .query_index(OPEN_INDEX, "open")
            .await?
            .into_iter()
            .filter(|r| r.status.is_open() && !r.honeypot)
            .collect())
    }

    pub async fn set_token(&self, id: &str, hash: &str, expires: i64) -> Result<(), StoreError> {
        self.client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression("attribute_exists(pk)")
            .update_expression("SET token_hash = :h, token_expires = :x")
            .expression_attribute_values(":h", AttributeValue::S(hash.into()))
            .expression_attribute_values(":x", AttributeValue::N(expires.to_string()))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    pub async fn confirm(
        &self,
        id: &str,
        token_hash: &str,
        entry: &AuditEntry,
        now: i64,
    ) -> Result<Confirmation, StoreError> {
        let result = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression(
                "attribute_exists(pk) AND token_hash = :h AND attribute_not_exists(confirmed_at) AND token_expires >= :now",
            )
            .update_expression(
                "SET confirmed_at = :t, history = list_append(if_not_exists(history, :empty), :e)",
            )
            .expression_attribute_values(":h", AttributeValue::S(token_hash.into()))
            .expression_attribute_values(":now", AttributeValue::N(now.to_string()))
            .expression_attribute_values(":t", AttributeValue::S(entry.at.clone()))
            .expression_attribute_values(":empty", AttributeValue::L(Vec::new()))
            .expression_attribute_values(":e", AttributeValue::L(vec![attr_of(entry)?]))
            .return_values(ReturnValue::AllNew)
            .send()
            .await;
        match result {
            Ok(out) => match out.attributes() {
                Some(item) => Ok(Confirmation::Confirmed(Box::new(from_item(item)?))),
                None => Err(StoreError::Corrupt("no attributes returned".into())),
            },
            Err(e) if is_condition_failure(&e) => {
                Ok(classify_confirmation(self.get(id).await?, token_hash))
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    pub async fn transition(
        &self,
        id: &str,
        change: &Change<'_>,
    ) -> Result<Transition, StoreError> {
        let sources = Status::sources(change.to);
        if sources.is_empty() {
            return Ok(match self.get(id).await? {
                Some(r) => Transition::NotAllowed(r.status),
                None => Transition::NotFound,
            });
        }
        let placeholders: Vec<String> = (0..sources.len()).map(|i| format!(":f{i}")).collect();
        let mut set = vec![
            "#s = :to".to_string(),
            "history = list_append(if_not_exists(history, :empty), :e)".to_string(),
        ];
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression(format!(
                "attribute_exists(pk) AND #s IN ({})",
                placeholders.join(", ")
            ))
            .expression_attribute_names("#s", "status")
            .expression_attribute_values(":to", AttributeValue::S(change.to.as_str().into()))
            .expression_attribute_values(":empty", AttributeValue::L(Vec::new()))
            .expression_attribute_values(":e", AttributeValue::L(vec![attr_of(&change.entry)?]))
            .return_values(ReturnValue::AllNew);
        for (p, s) in placeholders.iter().zip(&sources) {
            update = update.expression_attribute_values(p, AttributeValue::S(s.as_str().into()));
        }
        if let Some(refusal) = change.refusal {
            set.push("refusal = :r".into());
            update = update.expression_attribute_values(":r", attr_of(refusal)?);
        }
        if let Some(note) = change.note {
            set.push("outcome_note = :n".into());
            update = update.expression_attribute_values(":n", AttributeValue::S(note.into()));
        }
        if let Some(mail) = change.outcome_mail {
            set.push("outcome_mail = :m".into());
            update =
                update.expression_attribute_values(":m", AttributeValue::S(mail.as_str().into()));
            if mail.is_owed() {
                set.push("owed = :one".into());
                update = update.expression_attribute_values(":one", AttributeValue::S("1".into()));
            }
        }
        let mut expression = format!("SET {}", set.join(", "));
        if !change.to.is_open() {
            // Out of the index of open requests.
            expression.push_str(" REMOVE #open, due");
            update = update.expression_attribute_names("#open", "open");
        }
        let result = update.update_expression(expression).send().await;
        match result {
            Ok(out) => match out.attributes() {
                Some(item) => Ok(Transition::Changed(Box::new(from_item(item)?))),
                None => Err(StoreError::Corrupt("no attributes returned".into())),
            },
            Err(e) if is_condition_failure(&e) => Ok(match self.get(id).await? {
                Some(r) => Transition::NotAllowed(r.status),
                None => Transition::NotFound,
            }),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub async fn set_outcome_mail(&self, id: &str, status: AckStatus) -> Result<(), StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":m", AttributeValue::S(status.as_str().into()))
            .return_values(ReturnValue::AllNew);
        update = if status.is_owed() {
            update
                .update_expression("SET outcome_mail = :m, owed = :one")
                .expression_attribute_values(":one", AttributeValue::S("1".into()))
        } else {
            update.update_expression("SET outcome_mail = :m")
        };
        let out = update.send().await.map_err(unavailable)?;
        self.settle_owed(id, out.attributes()).await
    }

    pub async fn claim_run(&self, day: &str, at: &str, now: i64) -> Result<bool, StoreError> {
        let result = self
            .client
            .put_item()
            .table_name(&self.table)
            .item("pk", AttributeValue::S(run_pk(day)))
            .item("started_at", AttributeValue::S(at.into()))
            // Run records are kept about 13 months (a year of history for the operator).
            .item(
                "expires_at",
                AttributeValue::N((now + 400 * 86_400).to_string()),
            )
            .condition_expression("attribute_not_exists(pk)")
            .send()
            .await;
        match result {
            Ok(_) => Ok(true),
            Err(e) if is_condition_failure(&e) => Ok(false),
            Err(e) => Err(unavailable(e)),
        }
    }

    pub async fn finish_run(&self, day: &str, summary: &RunSummary) -> Result<(), StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(run_pk(day)))
            .condition_expression("attribute_exists(pk)");
        let mut set = Vec::new();
        if let serde_json::Value::Object(map) =
            serde_json::to_value(summary).map_err(|e| StoreError::Corrupt(e.to_string()))?
        {
            for (i, (k, v)) in map.into_iter().enumerate() {
                if let Some(attr) = to_attr(v) {
                    set.push(format!("#k{i} = :v{i}"));
                    update = update
                        .expression_attribute_names(format!("#k{i}"), k)
                        .expression_attribute_values(format!(":v{i}"), attr);
                }
            }
        }
        update
            .update_expression(format!("SET {}", set.join(", ")))
            .send()
            .await
            .map_err(unavailable)?;
        Ok(())
    }

    pub async fn run(&self, day: &str) -> Result<Option<RunSummary>, StoreError> {
        let out = self
            .client
            .get_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(run_pk(day)))
            .consistent_read(true)
            .send()
            .await
            .map_err(unavailable)?;
        out.item()
            .map(|item| {
                serde_json::from_value(serde_json::Value::Object(from_map(item)?))
                    .map_err(|e| StoreError::Corrupt(e.to_string()))
            })
            .transpose()
    }

    /// Every request received from `from` to `to` (Almaty dates of receipt, inclusive; each
    /// bound optional), never a honeypot's: the register for an auditor (`intake export`,
    /// `intake report`). A Scan, filtered on `receipt_date` and paginated to the end, not a
    /// Query: the register covers closed requests too, and no index is kept over receipt
    /// dates. The operator's command, with the operator's credentials: the function's role
    /// cannot scan.
    pub async fn requests_received(
        &self,
        from: Option<jiff::civil::Date>,
        to: Option<jiff::civil::Date>,
    ) -> Result<Vec<RequestRecord>, StoreError> {
        let mut filter = String::from("begins_with(pk, :p) AND attribute_not_exists(honeypot)");
        let mut values = vec![(":p", "req#".to_string())];
        if let Some(from) = from {
            filter.push_str(" AND receipt_date >= :from");
            values.push((":from", from.to_string()));
        }
        if let Some(to) = to {
            filter.push_str(" AND receipt_date <= :to");
            values.push((":to", to.to_string()));
        }
        let mut out = Vec::new();
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let mut scan = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression(&filter)
                .consistent_read(true)
                .set_exclusive_start_key(start.take());
            for (k, v) in &values {
                scan = scan.expression_attribute_values(*k, AttributeValue::S(v.clone()));
            }
            let page = scan.send().await.map_err(unavailable)?;
            for item in page.items() {
                out.push(from_item(item)?);
            }
            match page.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => break,
            }
        }
        Ok(out)
    }
}
