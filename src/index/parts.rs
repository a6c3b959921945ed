//! The parts of an activity of several parts as the index keeps them: one
//! bytes value per activity (the `events` field, see
//! [`crate::index::schema::EVENTS`]), written by the indexer and read by
//! the searches that test each part (`crate::search::events`).

/// One part of an activity as the filters see it: its days (`i64::MIN` for
/// none), whether it was online, and its place as the facets name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey {
    pub start: i64,
    pub end: i64,
    pub online: bool,
    pub country: Option<String>,
    pub city: Option<String>,
}

/// A string's length in the encoding that stands for none.
const NONE: u16 = u16::MAX;

/// The bytes of an activity's parts, as the column keeps them.
pub fn encode(events: &[EventKey]) -> Vec<u8> {
    let mut out = Vec::new();
    for event in events {
        out.extend_from_slice(&event.start.to_le_bytes());
        out.extend_from_slice(&event.end.to_le_bytes());
        out.push(u8::from(event.online));
        for text in [&event.country, &event.city] {
            // Place names are short; one longer than the length field is cut
            // at a character boundary (it then matches no filter value).
            let bytes = text.as_deref().map(|t| {
                let mut end = t.len().min(usize::from(NONE) - 1);
                while !t.is_char_boundary(end) {
                    end -= 1;
                }
                &t.as_bytes()[..end]
            });
            match bytes {
                Some(bytes) => {
                    out.extend_from_slice(&(bytes.len() as u16).to_le_bytes());
                    out.extend_from_slice(bytes);
                }
                None => out.extend_from_slice(&NONE.to_le_bytes()),
            }
        }
    }
    out
}

/// The parts [`encode`] wrote; `None` for bytes it did not write.
pub fn decode(mut bytes: &[u8]) -> Option<Vec<EventKey>> {
    fn take<'a>(bytes: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
        let (head, tail) = bytes.split_at_checked(n)?;
        *bytes = tail;
        Some(head)
    }
    fn text(bytes: &mut &[u8]) -> Option<Option<String>> {
        let len = u16::from_le_bytes(take(bytes, 2)?.try_into().ok()?);
        if len == NONE {
            return Some(None);
        }
        let text = std::str::from_utf8(take(bytes, usize::from(len))?).ok()?;
        Some(Some(text.to_string()))
    }
    let mut events = Vec::new();
    while !bytes.is_empty() {
        let start = i64::from_le_bytes(take(&mut bytes, 8)?.try_into().ok()?);
        let end = i64::from_le_bytes(take(&mut bytes, 8)?.try_into().ok()?);
        let online = take(&mut bytes, 1)?[0] != 0;
        let country = text(&mut bytes)?;
        let city = text(&mut bytes)?;
        events.push(EventKey {
            start,
            end,
            online,
            country,
            city,
        });
    }
    Some(events)
}

/// A part in a country (and a city), not online, for tests.
#[cfg(test)]
pub(crate) fn part(start: i64, end: i64, country: &str, city: Option<&str>) -> EventKey {
    EventKey {
        start,
        end,
        online: false,
        country: Some(country.to_string()),
        city: city.map(String::from),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_come_back_as_written() {
        let parts = vec![
            part(10, 12, "Montenegro", Some("Podgorica")),
            EventKey {
                start: i64::MIN,
                end: i64::MIN,
                online: true,
                country: None,
                city: None,
            },
            part(20, 22, "Bosnia and Herzegovina", Some("Bjelašnica")),
        ];
        assert_eq!(decode(&encode(&parts)), Some(parts));
        assert_eq!(decode(&[1, 2, 3]), None);
    }
}
