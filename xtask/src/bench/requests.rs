//! The SCIM requests of the workload: Okta-shaped user bodies, member PATCH bodies, the
//! existence-check path, and the pseudo-random choice of users.

const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

/// A well-mixed 64-bit hash of `i` (SplitMix64), for picking users without shared state.
pub fn mix(i: usize) -> u64 {
    let mut z = (i as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A pseudo-random index below `n` (n > 0) for request `i` of phase `salt`.
pub fn pick(i: usize, salt: u64, n: usize) -> usize {
    (mix(i ^ (salt as usize).rotate_left(40)) % n as u64) as usize
}

/// The `userName` of bench user `i`.
pub fn user_name(i: usize) -> String {
    format!("bench.user{i:06}@example.com")
}

/// An Okta-shaped create body for bench user `i`.
pub fn user_body(i: usize) -> String {
    let name = user_name(i);
    format!(
        concat!(
            r#"{{"schemas":["{schema}"],"userName":"{name}","#,
            r#""name":{{"givenName":"Bench","familyName":"User{i:06}"}},"#,
            r#""emails":[{{"primary":true,"value":"{name}","type":"work"}}],"#,
            r#""displayName":"Bench User{i:06}","locale":"en-US","externalId":"00uBENCH{i:012}","#,
            r#""active":true}}"#
        ),
        schema = USER_SCHEMA,
        name = name,
        i = i
    )
}

/// The PATCH body adding the given user ids as members.
pub fn add_members_body<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let values: Vec<String> = ids
        .into_iter()
        .map(|id| format!(r#"{{"value":"{id}"}}"#))
        .collect();
    format!(
        r#"{{"schemas":["{PATCH_SCHEMA}"],"Operations":[{{"op":"add","path":"members","value":[{}]}}]}}"#,
        values.join(",")
    )
}

/// The Okta existence-check path for `userName`.
pub fn lookup_path(prefix: &str, user_name: &str) -> String {
    format!(
        "{prefix}/Users?filter=userName%20eq%20%22{}%22&startIndex=1&count=100",
        user_name.replace('@', "%40")
    )
}

/// The create body of a group named `name`.
pub fn group_body(name: &str) -> String {
    format!(r#"{{"schemas":["{GROUP_SCHEMA}"],"displayName":"{name}"}}"#)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_the_documented_shapes() {
        let b = add_members_body(["u1", "u2"]);
        assert_eq!(
            b,
            r#"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"add","path":"members","value":[{"value":"u1"},{"value":"u2"}]}]}"#
        );
        let u = user_body(7);
        assert!(u.contains(r#""userName":"bench.user000007@example.com""#));
        assert!(u.starts_with(r#"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]"#));
        assert_eq!(
            lookup_path("/scim/v2", "a@b.c"),
            "/scim/v2/Users?filter=userName%20eq%20%22a%40b.c%22&startIndex=1&count=100"
        );
    }

    #[test]
    fn picks_spread_over_all_users() {
        let mut hit = [false; 50];
        for i in 0..5000 {
            hit[pick(i, 1, 50)] = true;
        }
        assert!(hit.iter().all(|h| *h));
        assert_ne!(pick(5, 1, 1000), pick(5, 2, 1000));
    }
}
