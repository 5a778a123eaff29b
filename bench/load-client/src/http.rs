use std::net::{Ipv4Addr, SocketAddr, SocketAddrV4};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Body;
use hyper::client::conn::http1::SendRequest;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpSocket, TcpStream};

/// One kept-alive HTTP/1 connection, sending whole bodies.
pub type Conn = SendRequest<Full<Bytes>>;

/// A TCP connection to `addr` (IPv4), from the address `source` where one is given, with
/// Nagle's algorithm off: each small request waits for its answer.
pub async fn tcp_connect(addr: SocketAddr, source: Option<Ipv4Addr>) -> std::io::Result<TcpStream> {
    let socket = TcpSocket::new_v4()?;
    if let Some(ip) = source {
        socket.bind(SocketAddr::V4(SocketAddrV4::new(ip, 0)))?;
    }
    let stream = socket.connect(addr).await?;
    stream.set_nodelay(true)?;
    Ok(stream)
}

/// An HTTP/1 connection to `addr`, driven by a task of its own until either side drops it.
pub async fn http1_connect<B>(addr: SocketAddr) -> Result<SendRequest<B>, String>
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let stream = tcp_connect(addr, None).await.map_err(|e| e.to_string())?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Sends one request on a kept-alive connection and reads the whole answer.
pub async fn exchange(
    conn: &mut Conn,
    request: Request<Full<Bytes>>,
) -> Result<Response<Bytes>, String> {
    conn.ready().await.map_err(|e| e.to_string())?;
    let response = conn
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    let (parts, body) = response.into_parts();
    let body = body.collect().await.map_err(|e| e.to_string())?.to_bytes();
    Ok(Response::from_parts(parts, body))
}
