//! The booking API's error answer: a status, a stable code, the field at fault and a sentence,
//! plus every problem found when there are several (docs/booking.md, "Errors").

use serde_json::{Value, json};

use crate::handoff::appointment::Issue;
use crate::server::Response;

/// One problem, as the API reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Stable kebab-case code.
    pub code: &'static str,
    /// A JSON pointer into the request body (`/items/0/sku`), a header name
    /// (`Idempotency-Key`), or `None` for the request as a whole.
    pub field: Option<String>,
    /// A sentence for the shopper or the developer.
    pub message: String,
}

impl Problem {
    /// A problem with `field`.
    pub fn new(code: &'static str, field: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            code,
            field: field.map(str::to_owned),
            message: message.into(),
        }
    }

    fn to_json(&self) -> Value {
        json!({"code": self.code, "field": self.field, "message": self.message})
    }
}

impl From<Issue> for Problem {
    fn from(issue: Issue) -> Self {
        Self {
            code: issue.code,
            field: Some(issue.field),
            message: issue.message,
        }
    }
}

/// A refused request: its status and every problem (at least one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// The problems, the first being the one the top level repeats.
    pub problems: Vec<Problem>,
}

impl ApiError {
    /// One problem.
    pub fn one(
        status: u16,
        code: &'static str,
        field: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            status,
            problems: vec![Problem::new(code, field, message)],
        }
    }

    /// The JSON body: `{"code", "field", "message", "issues": [...]}`.
    pub fn to_json(&self) -> Value {
        let first = self.problems.first().map(Problem::to_json).unwrap_or_else(
            || json!({"code": "error", "field": null, "message": "The request was refused."}),
        );
        let mut body = first;
        if let Some(o) = body.as_object_mut() {
            o.insert(
                "issues".into(),
                Value::Array(self.problems.iter().map(Problem::to_json).collect()),
            );
        }
        body
    }

    /// The HTTP response.
    pub fn response(&self) -> Response {
        Response::json(self.status, &self.to_json())
    }
}
