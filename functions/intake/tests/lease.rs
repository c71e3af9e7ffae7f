//! Never two acknowledgements for one request (issue 13 §2): the process that files a request
//! holds a lease on its e-mails while it sends them, and a resend that runs meanwhile leaves
//! the request alone. Against moto and a real SMTP server that holds the DATA phase open (a
//! slow server: the send stays in flight until the test releases it). A sender killed in the
//! middle is in `runtime_api.rs` (the real binary under the local Runtime API).

mod common;

use aws_sdk_dynamodb::types::AttributeValue;
use common::{body_json, env, epoch, json_headers, submission, v2, OPERATOR};
use testkit::SmtpSink;

#[tokio::test]
async fn a_resend_during_a_send_in_flight_sends_nothing_and_one_acknowledgement_arrives() {
    let sink = SmtpSink::start_holding();
    let env = env(&sink).await;
    let email = "lease@example.kz";
    let event = v2(
        "POST",
        "/requests",
        json_headers(),
        &submission("deletion", "ru", email).to_string(),
        epoch("2026-11-02T05:00:00Z"),
    );
    let filing = env.call(event);
    let meanwhile = async {
        // Wait until the acknowledgement's DATA phase is held open by the server.
        while !sink.is_holding() {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
        // The request is stored and its acknowledgement still pending: a resend now would
        // send it a second time, were it not for the lease.
        let item = env
            .client
            .get_item()
            .table_name(&env.table)
            .key(
                "pk",
                AttributeValue::S(format!("req#{}", stored_id(&env).await)),
            )
            .send()
            .await
            .unwrap();
        let item = item.item().unwrap();
        assert_eq!(item["ack_status"].as_s().unwrap(), "pending");
        let report = intake::resend::resend_pending(&env.app).await.unwrap();
        sink.release();
        report
    };
    let (response, report) = tokio::join!(filing, meanwhile);
    assert_eq!(response["statusCode"], 201, "{response}");
    assert_eq!(
        (report.in_flight, report.attempted),
        (1, 0),
        "the resend left the request in flight alone: {report:?}"
    );
    assert_eq!(body_json(&response)["acknowledgement"], "sent");
    assert_eq!(sink.mails_to(email).len(), 1, "exactly one acknowledgement");
    assert_eq!(
        sink.mails_to(OPERATOR).len(),
        1,
        "exactly one operator notice"
    );
    // The lease ended with the delivery: nothing is owed, nothing is held.
    let after = intake::resend::resend_pending(&env.app).await.unwrap();
    assert_eq!((after.in_flight, after.attempted), (0, 0), "{after:?}");
    let stored = env.requests().await;
    assert_eq!(stored.len(), 1);
    assert!(
        !stored[0].contains_key("mail_lease_until"),
        "{:?}",
        stored[0]
    );
    assert!(
        !stored[0].contains_key("owed"),
        "out of the index of e-mails owed"
    );
}

async fn stored_id(env: &common::Env) -> String {
    env.requests().await[0]["id"].as_s().unwrap().clone()
}
