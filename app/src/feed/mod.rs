//! The live message feed (fpesa, reference D): its URLs and, behind `ssr`, its server half: the
//! messages table, the intake that takes posted messages (in-process or through RabbitMQ) and the
//! API tokens.
pub mod paths;
#[cfg(feature = "ssr")]
pub mod server;
