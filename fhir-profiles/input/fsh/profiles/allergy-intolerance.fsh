// VNQNAllergyIntolerance: an allergy or intolerance (dị ứng) recorded by a province hospital. Most
// HIS keep it as text ("Dị ứng Penicilin"), so the code is free (text allowed, codes welcome).

Profile: VNQNAllergyIntolerance
Parent: AllergyIntolerance
Id: vnqn-allergy-intolerance
Title: "VNQN AllergyIntolerance — Dị ứng"
Description: "An allergy or intolerance of a patient of the province's hospitals: the substance as text or coded (e.g. the Ministry's drug code), clinical and verification status, reactions."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* identifier MS
* clinicalStatus MS
* verificationStatus MS
* type MS
* category MS
* criticality MS
* code MS
* code ^short = "Chất gây dị ứng: text (e.g. 'Penicilin') and a code where known"
* code.text MS
* patient MS
* patient only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* onset[x] MS
* recordedDate MS
* recorder MS
* recorder only Reference(VNQNPractitioner or VNQNPractitionerRole)
* note MS
* reaction MS
* reaction.manifestation MS
* reaction.severity MS
