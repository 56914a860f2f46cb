// The published language: the events that cross modules, one file per publishing module
// (architecture rule 8). A type name, once shipped, is never renamed; fields are added, never
// removed. Payloads are JSON with snake_case keys (EventCoding). Subscribers have stable ids of the
// form <module>.<what-it-does>, e.g. hazards.create-from-finding.

/// Namespace for documentation of the contracts.
public enum Contracts {}
