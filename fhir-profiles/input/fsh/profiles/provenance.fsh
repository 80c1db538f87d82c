// VNQNProvenance: where a record loaded from a hospital export came from. The ingestion writes one
// per source record (to-fhir.ts): its targets are every resource the record became, the source
// hospital is the author, the API's ingestion the assembler, and the entities name the source record
// (one identifier system per hospital and format) and the ingestion job.

Profile: VNQNProvenance
Parent: Provenance
Id: vnqn-provenance
Title: "VNQN Provenance — Nguồn gốc dữ liệu"
Description: "The provenance of resources loaded from a province hospital's export (HL7 v2, the Ministry's XML 130 tables, CSV): target 1..* (every resource of the source record), the source hospital as author agent (`qn-prov-1`), and the source record identifier as a `source` entity (`qn-prov-2`); the ingestion job as a `derivation` entity."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-prov-1 and qn-prov-2

* target 1..* MS
* target ^short = "Every resource the source record was normalised into"
* recorded MS
* activity MS
* activity ^short = "UPDATE (v3-DataOperation): loading is an idempotent upsert"
* agent MS
* agent ^short = "author: the source hospital (Organization); assembler: the API's ingestion, on behalf of the hospital"
* agent.type MS
* agent.who MS
* agent.onBehalfOf MS
* entity MS
* entity ^short = "source: the record in the hospital export (identifier system …/sid/source-record/<hospital>/<format>); derivation: the ingestion job (…/sid/ingestion-job)"
* entity.role MS
* entity.what MS
