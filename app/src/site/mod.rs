//! The site around the services: its own pages (the list of services, cookies, accessibility, the
//! component gallery) and the endpoints the page shell calls.
pub mod paths;
pub mod services;
