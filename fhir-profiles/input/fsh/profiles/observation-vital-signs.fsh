// VNQNObservationVitalSigns: pulse, blood pressure, temperature, respiratory rate, SpO2, height, weight
// (dấu hiệu sinh tồn), on the base R4 vital signs profile (LOINC codes, UCUM units).

Profile: VNQNObservationVitalSigns
Parent: $vitalsigns
Id: vnqn-observation-vital-signs
Title: "VNQN Observation Vital Signs — Dấu hiệu sinh tồn"
Description: "A vital sign measured at one of the province's hospitals, conforming to the FHIR R4 vital signs profile (category vital-signs, LOINC code, UCUM units, blood pressure as a panel with systolic/diastolic components), for a province patient and visit."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* subject only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* performer MS
* performer only Reference(VNQNPractitioner or VNQNPractitionerRole or VNQNOrganization)
* note MS
