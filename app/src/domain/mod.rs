//! Pure domain logic shared by the server and the browser: periods, formatting, trends and the
//! small value types that are parsed at the edge. Nothing in here does I/O.

pub mod customer_sort;
pub mod format;
pub mod pace;
pub mod period;
pub mod redirect;
pub mod slug;
pub mod trend;

pub use format::{format_hours, format_minutes_exact};
pub use period::{PeriodError, PeriodKind, PeriodRequest, UsagePeriod, local_midnight, today_in};
pub use redirect::{encode_query_value, login_path, safe_next};
pub use slug::{Slug, SlugError};
pub use trend::{Trend, TrendKind};
