//! The YAML reader (positions, typing, duplicates, the schema) and the values rules (over blocks
//! built in memory, over fixtures, their docs' examples), and the pieces they stand on:
//! Kubernetes quantities and image references.

mod support;

#[path = "values/helm_oracle.rs"]
mod helm_oracle;
#[path = "values/rule_fixtures_catalogue.rs"]
mod rule_fixtures_catalogue;
#[path = "values/rules_docs.rs"]
mod rules_docs;
#[path = "values/rules_fixtures.rs"]
mod rules_fixtures;
#[path = "values/rules_quantity.rs"]
mod rules_quantity;
#[path = "values/rules_registry.rs"]
mod rules_registry;
#[path = "values/rules_unit.rs"]
mod rules_unit;
#[path = "values/rules_unit_providers.rs"]
mod rules_unit_providers;
#[path = "values/schema.rs"]
mod schema;
#[path = "values/yaml_duplicates.rs"]
mod yaml_duplicates;
#[path = "values/yaml_locations.rs"]
mod yaml_locations;
#[path = "values/yaml_typing.rs"]
mod yaml_typing;
