//! The reference [`BookingStore`]: one SQLite file in the data directory, in WAL mode, with
//! `synchronous = FULL` (a 201 means the booking is on disk). Each booking is one
//! `BEGIN IMMEDIATE` transaction: SQLite lets one writer in at a time, so the count of a slot's
//! bookings and the insert that follows it cannot interleave with another request's, whether
//! that request comes from another thread or another process on the same file.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, TransactionBehavior, params};

use super::storage::{BookOutcome, BookingStore, NewBooking, StorageError, StoredBooking};

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "bookings.sqlite3";
/// Connections kept open for reuse.
const POOL: usize = 8;
/// How long a request waits for the write lock before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Schema version 1. `user_version` records which version a file has.
const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS bookings (
    id              TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    store_id        TEXT NOT NULL,
    slot_start      INTEGER NOT NULL,
    slot_end        INTEGER NOT NULL,
    request_json    TEXT NOT NULL,
    created_at      INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS bookings_by_slot ON bookings (store_id, slot_start);
PRAGMA user_version = 1;
";

const COLUMNS: &str =
    "id, idempotency_key, store_id, slot_start, slot_end, request_json, created_at";

/// Bookings in `DIR/bookings.sqlite3`.
pub struct SqliteStore {
    path: PathBuf,
    pool: Mutex<Vec<Connection>>,
}

fn storage_error(e: rusqlite::Error) -> StorageError {
    StorageError(e.to_string())
}

fn row_to_booking(row: &Row<'_>) -> rusqlite::Result<StoredBooking> {
    Ok(NewBooking {
        id: row.get(0)?,
        idempotency_key: row.get(1)?,
        store_id: row.get(2)?,
        slot_start: row.get(3)?,
        slot_end: row.get(4)?,
        request_json: row.get(5)?,
        created_at: row.get(6)?,
    })
}

impl SqliteStore {
    /// Opens (creating if needed) the database in `dir`, which is created too.
    pub fn open(dir: &Path) -> Result<SqliteStore, StorageError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StorageError(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join(DATABASE_FILE);
        let conn = connect(&path).map_err(storage_error)?;
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(storage_error)?;
        match version {
            0 => conn.execute_batch(SCHEMA).map_err(storage_error)?,
            1 => {}
            v => {
                return Err(StorageError(format!(
                    "{} has schema version {v}, newer than this roomfit knows (1)",
                    path.display()
                )));
            }
        }
        Ok(SqliteStore {
            path,
            pool: Mutex::new(vec![conn]),
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` on a pooled connection (or a new one when all are busy).
    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> rusqlite::Result<T>,
    ) -> Result<T, StorageError> {
        let pooled = self.pool.lock().ok().and_then(|mut p| p.pop());
        let mut conn = match pooled {
            Some(c) => c,
            None => connect(&self.path).map_err(storage_error)?,
        };
        let result = f(&mut conn).map_err(storage_error);
        if let Ok(mut pool) = self.pool.lock() {
            if pool.len() < POOL {
                pool.push(conn);
            }
        }
        result
    }
}

fn connect(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    let _mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))?;
    conn.execute_batch("PRAGMA synchronous = FULL;")?;
    Ok(conn)
}

impl BookingStore for SqliteStore {
    fn book(&self, booking: &NewBooking, capacity: u32) -> Result<BookOutcome, StorageError> {
        self.with(|conn| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let existing = tx
                .query_row(
                    &format!("SELECT {COLUMNS} FROM bookings WHERE idempotency_key = ?1"),
                    [&booking.idempotency_key],
                    row_to_booking,
                )
                .optional()?;
            if let Some(existing) = existing {
                return Ok(if existing.request_json == booking.request_json {
                    BookOutcome::Replayed(existing)
                } else {
                    BookOutcome::KeyReused(existing)
                });
            }
            let taken: u32 = tx.query_row(
                "SELECT COUNT(*) FROM bookings WHERE store_id = ?1 AND slot_start = ?2",
                params![booking.store_id, booking.slot_start],
                |r| r.get(0),
            )?;
            if taken >= capacity {
                return Ok(BookOutcome::Full);
            }
            tx.execute(
                &format!("INSERT INTO bookings ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
                params![
                    booking.id,
                    booking.idempotency_key,
                    booking.store_id,
                    booking.slot_start,
                    booking.slot_end,
                    booking.request_json,
                    booking.created_at
                ],
            )?;
            tx.commit()?;
            Ok(BookOutcome::Booked(booking.clone()))
        })
    }

    fn by_key(&self, idempotency_key: &str) -> Result<Option<StoredBooking>, StorageError> {
        self.with(|conn| {
            conn.query_row(
                &format!("SELECT {COLUMNS} FROM bookings WHERE idempotency_key = ?1"),
                [idempotency_key],
                row_to_booking,
            )
            .optional()
        })
    }

    fn by_id(&self, id: &str) -> Result<Option<StoredBooking>, StorageError> {
        self.with(|conn| {
            conn.query_row(
                &format!("SELECT {COLUMNS} FROM bookings WHERE id = ?1"),
                [id],
                row_to_booking,
            )
            .optional()
        })
    }

    fn upcoming(&self, store_id: &str, after: i64) -> Result<Vec<StoredBooking>, StorageError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM bookings WHERE store_id = ?1 AND slot_end > ?2 \
                 ORDER BY slot_start, created_at, id"
            ))?;
            let rows = stmt.query_map(params![store_id, after], row_to_booking)?;
            rows.collect()
        })
    }

    fn taken(&self, store_id: &str, from: i64, to: i64) -> Result<Vec<(i64, u32)>, StorageError> {
        self.with(|conn| {
            let mut stmt = conn.prepare_cached(
                "SELECT slot_start, COUNT(*) FROM bookings \
                 WHERE store_id = ?1 AND slot_start >= ?2 AND slot_start < ?3 \
                 GROUP BY slot_start ORDER BY slot_start",
            )?;
            let rows =
                stmt.query_map(params![store_id, from, to], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn booking(id: &str, key: &str, slot: i64) -> NewBooking {
        NewBooking {
            id: id.into(),
            idempotency_key: key.into(),
            store_id: "s".into(),
            slot_start: slot,
            slot_end: slot + 1800,
            request_json: format!("{{\"k\":\"{key}\"}}"),
            created_at: 0,
        }
    }

    #[test]
    fn capacity_keys_and_reopening() {
        let dir = std::env::temp_dir().join(format!("roomfit-sqlite-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let store = SqliteStore::open(&dir).unwrap();
        let a = booking("bk_a", "key-a-0123456789", 1800);
        assert_eq!(store.book(&a, 2).unwrap(), BookOutcome::Booked(a.clone()));
        assert_eq!(store.book(&a, 2).unwrap(), BookOutcome::Replayed(a.clone()));
        let mut other_body = a.clone();
        other_body.request_json = "{}".into();
        other_body.id = "bk_x".into();
        assert_eq!(
            store.book(&other_body, 2).unwrap(),
            BookOutcome::KeyReused(a.clone())
        );
        let b = booking("bk_b", "key-b-0123456789", 1800);
        assert!(matches!(store.book(&b, 2).unwrap(), BookOutcome::Booked(_)));
        let c = booking("bk_c", "key-c-0123456789", 1800);
        assert_eq!(store.book(&c, 2).unwrap(), BookOutcome::Full);
        let d = booking("bk_d", "key-d-0123456789", 3600);
        assert!(matches!(store.book(&d, 2).unwrap(), BookOutcome::Booked(_)));
        assert_eq!(store.taken("s", 0, 7200).unwrap(), [(1800, 2), (3600, 1)]);
        assert_eq!(store.taken("s", 3600, 7200).unwrap(), [(3600, 1)]);
        drop(store);
        let again = SqliteStore::open(&dir).unwrap();
        let ids: Vec<String> = again
            .upcoming("s", 0)
            .unwrap()
            .into_iter()
            .map(|b| b.id)
            .collect();
        assert_eq!(ids, ["bk_a", "bk_b", "bk_d"]);
        assert_eq!(again.upcoming("s", 3600).unwrap().len(), 1);
        assert_eq!(again.by_id("bk_b").unwrap(), Some(b));
        assert_eq!(again.by_key("key-d-0123456789").unwrap(), Some(d));
        assert_eq!(again.by_id("bk_c").unwrap(), None);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
