//! DynamoDB: one item per request (`pk = req#<id>`), one dedupe marker per keyed hash
//! (`pk = dedupe#<hmac>`), written together in a transaction; the HMAC secret in
//! `pk = config#dedupe-secret`.

use super::{Created, StoreError};
use crate::record::{AckStatus, RequestRecord};
use aws_sdk_dynamodb::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_dynamodb::operation::transact_write_items::TransactWriteItemsError;
use aws_sdk_dynamodb::types::{AttributeValue, Put, TransactWriteItem};
use aws_sdk_dynamodb::Client;
use std::collections::HashMap;

const SECRET_PK: &str = "config#dedupe-secret";

pub struct DynamoStore {
    client: Client,
    table: String,
}

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

/// A flat JSON object (the serialized record) as DynamoDB attributes; nulls are left out.
fn to_item(value: serde_json::Value) -> HashMap<String, AttributeValue> {
    let mut item = HashMap::new();
    if let serde_json::Value::Object(map) = value {
        for (k, v) in map {
            let attr = match v {
                serde_json::Value::String(s) => AttributeValue::S(s),
                serde_json::Value::Number(n) => AttributeValue::N(n.to_string()),
                serde_json::Value::Bool(b) => AttributeValue::Bool(b),
                serde_json::Value::Null => continue,
                other => AttributeValue::S(other.to_string()),
            };
            item.insert(k, attr);
        }
    }
    item
}

fn from_item(item: &HashMap<String, AttributeValue>) -> Result<RequestRecord, StoreError> {
    let mut map = serde_json::Map::new();
    for (k, v) in item {
        let value = match v {
            AttributeValue::S(s) => serde_json::Value::String(s.clone()),
            AttributeValue::N(n) => n
                .parse::<i64>()
                .map(serde_json::Value::from)
                .map_err(|_| StoreError::Corrupt(format!("attribute {k} is not an integer")))?,
            AttributeValue::Bool(b) => serde_json::Value::Bool(*b),
            _ => continue,
        };
        map.insert(k.clone(), value);
    }
    for optional in ["phone", "details", "scope", "ack_error"] {
        map.entry(optional).or_insert(serde_json::Value::Null);
    }
    serde_json::from_value(serde_json::Value::Object(map))
        .map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn request_pk(id: &str) -> String {
    format!("req#{id}")
}

impl DynamoStore {
    pub fn new(client: Client, table: String) -> Self {
        DynamoStore { client, table }
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
        let mut item =
            to_item(serde_json::to_value(record).map_err(|e| StoreError::Corrupt(e.to_string()))?);
        item.insert("pk".into(), AttributeValue::S(request_pk(&record.id)));
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
        // Concurrent transactions on the same marker may be rejected as conflicts: retry a few
        // times; the loser then sees the winner's marker.
        for attempt in 0..4 {
            let result = self
                .client
                .transact_write_items()
                .transact_items(
                    TransactWriteItem::builder()
                        .put(put_request.clone())
                        .build(),
                )
                .transact_items(TransactWriteItem::builder().put(put_dedupe.clone()).build())
                .send()
                .await;
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
                        if let Some(first) = self.dedupe_target(&dedupe_pk).await? {
                            return Ok(Created::Duplicate(Box::new(first)));
                        }
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

    async fn dedupe_target(&self, dedupe_pk: &str) -> Result<Option<RequestRecord>, StoreError> {
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

    pub async fn set_ack(
        &self,
        id: &str,
        status: AckStatus,
        error: Option<&str>,
    ) -> Result<(), StoreError> {
        let mut update = self
            .client
            .update_item()
            .table_name(&self.table)
            .key("pk", AttributeValue::S(request_pk(id)))
            .condition_expression("attribute_exists(pk)")
            .expression_attribute_values(":s", AttributeValue::S(status.as_str().into()));
        update = match error {
            Some(e) => update
                .update_expression("SET ack_status = :s, ack_error = :e")
                .expression_attribute_values(":e", AttributeValue::S(e.into())),
            None => update.update_expression("SET ack_status = :s REMOVE ack_error"),
        };
        update.send().await.map_err(unavailable)?;
        Ok(())
    }

    pub async fn unacknowledged(&self) -> Result<Vec<RequestRecord>, StoreError> {
        let mut out = Vec::new();
        let mut start: Option<HashMap<String, AttributeValue>> = None;
        loop {
            let page = self
                .client
                .scan()
                .table_name(&self.table)
                .filter_expression("begins_with(pk, :p) AND ack_status IN (:pending, :failed)")
                .expression_attribute_values(":p", AttributeValue::S("req#".into()))
                .expression_attribute_values(":pending", AttributeValue::S("pending".into()))
                .expression_attribute_values(":failed", AttributeValue::S("failed".into()))
                .set_exclusive_start_key(start.take())
                .consistent_read(true)
                .send()
                .await
                .map_err(unavailable)?;
            for item in page.items() {
                out.push(from_item(item)?);
            }
            match page.last_evaluated_key() {
                Some(k) if !k.is_empty() => start = Some(k.clone()),
                _ => break,
            }
        }
        out.sort_by(|a, b| a.received_at.cmp(&b.received_at));
        Ok(out)
    }
}
