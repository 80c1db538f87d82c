// VNQNConsent: a patient's consent (or refusal) to share their record between the province
// hospitals. ehr-api writes one per hospital record (record/consent-service.ts): permit (OPTIN) or
// deny (OPTOUT), replaced by each new decision.

Profile: VNQNConsent
Parent: Consent
Id: vnqn-consent
Title: "VNQN Consent — Đồng ý chia sẻ hồ sơ"
Description: "A patient's consent to, or refusal of, sharing their health record between the province hospitals: the patient (VNQNPatient) and the date are required; the hospital that recorded it, the policy and the permitted actors and purposes are must-support."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false

* status MS
* scope MS
* scope ^short = "patient-privacy for record sharing"
* category MS
* patient 1..1 MS
* patient only Reference(VNQNPatient)
* dateTime 1..1 MS
* dateTime ^short = "When the patient gave or refused consent"
* performer MS
* organization MS
* organization only Reference(VNQNOrganization)
* organization ^short = "The hospital that recorded the consent"
* source[x] MS
* policyRule MS
* provision MS
* provision.type MS
* provision.period MS
* provision.actor MS
* provision.purpose MS
