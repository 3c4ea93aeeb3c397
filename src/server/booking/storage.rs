//! Where bookings are kept: a small trait, so the same service runs on SQLite (the reference,
//! [`SqliteStore`](super::sqlite::SqliteStore)) or on a retailer's own database
//! (docs/booking.md shows the PostgreSQL version of each statement).

/// A booking to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBooking {
    /// Our id (`bk_` and 24 hex digits), unguessable: it is the ticket's URL.
    pub id: String,
    /// The client's `Idempotency-Key`.
    pub idempotency_key: String,
    /// Store id.
    pub store_id: String,
    /// Slot start, Unix seconds.
    pub slot_start: i64,
    /// Slot end, Unix seconds.
    pub slot_end: i64,
    /// The request, re-serialized from its parsed form, so that a retry can be compared with
    /// it whatever the spacing and field order of its JSON.
    pub request_json: String,
    /// When it was booked, Unix seconds.
    pub created_at: i64,
}

/// A recorded booking (the same fields as [`NewBooking`]).
pub type StoredBooking = NewBooking;

/// What [`BookingStore::book`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookOutcome {
    /// Recorded now.
    Booked(StoredBooking),
    /// The key was already used for the same request: this is that booking.
    Replayed(StoredBooking),
    /// The key was already used for a different request (which is returned).
    KeyReused(StoredBooking),
    /// The slot already has `capacity` bookings.
    Full,
}

/// A storage failure (the database is unreadable, locked for too long, the disk is full).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("booking storage failed: {0}")]
pub struct StorageError(pub String);

/// The bookings of every store. Implementations make [`book`](Self::book) atomic: two calls
/// for the last free place in a slot, from any number of threads or processes, book once.
pub trait BookingStore: Send + Sync {
    /// Records `booking` unless its idempotency key is already used or its slot already holds
    /// `capacity` bookings; all in one transaction.
    fn book(&self, booking: &NewBooking, capacity: u32) -> Result<BookOutcome, StorageError>;

    /// The booking recorded under an idempotency key.
    fn by_key(&self, idempotency_key: &str) -> Result<Option<StoredBooking>, StorageError>;

    /// One booking by id.
    fn by_id(&self, id: &str) -> Result<Option<StoredBooking>, StorageError>;

    /// A store's bookings whose slot ends after `after` (Unix seconds), earliest first.
    fn upcoming(&self, store_id: &str, after: i64) -> Result<Vec<StoredBooking>, StorageError>;

    /// How many bookings each slot start in `from..to` holds, for one store.
    fn taken(&self, store_id: &str, from: i64, to: i64) -> Result<Vec<(i64, u32)>, StorageError>;
}
