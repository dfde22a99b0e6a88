//! Lambda mode: the runtime API loop. The payload is taken as raw JSON so that the runtime's own
//! deserialisation can never turn an event into a Lambda error (the SMA would hang up); our decoder
//! answers anything.

use crate::app::App;
use interpreter::wire::Response;
use lambda_runtime::{Error, LambdaEvent, service_fn};
use serde_json::value::RawValue;

pub async fn run(app: App) -> Result<(), Error> {
    let app = &app;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<Box<RawValue>>| async move {
            Ok::<Response, Error>(app.handle(event.payload.get().as_bytes()).await)
        },
    ))
    .await
}
