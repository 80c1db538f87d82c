// VNQNDiagnosticReport: a lab report (phiếu kết quả xét nghiệm) or an imaging / functional test report
// of a province hospital, grouping its results and optionally carrying the printed PDF.

Profile: VNQNDiagnosticReport
Parent: DiagnosticReport
Id: vnqn-diagnostic-report
Title: "VNQN DiagnosticReport — Phiếu kết quả"
Description: "A report of a province hospital (laboratory, imaging, functional tests): the test or panel ordered (local code and/or the Ministry's technical-service code, name in text), the patient and visit, the results as VNQN lab observations, the conclusion and optionally the printed report."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* identifier MS
* basedOn MS
* status MS
* category MS
* code MS
* code ^short = "Tên phiếu / dịch vụ: local code and/or the Ministry's technical-service code, name in text"
* code.text MS
* subject 1..1 MS
* subject only Reference(VNQNPatient)
* encounter MS
* encounter only Reference(VNQNEncounter)
* effective[x] MS
* issued MS
* performer MS
* performer only Reference(VNQNOrganization or VNQNPractitioner or VNQNPractitionerRole)
* resultsInterpreter MS
* resultsInterpreter only Reference(VNQNOrganization or VNQNPractitioner or VNQNPractitionerRole)
* result MS
* result only Reference(VNQNObservationLab or VNQNObservationVitalSigns)
* conclusion MS
* conclusion ^short = "Kết luận"
* conclusionCode MS
* presentedForm MS
* presentedForm ^short = "Phiếu kết quả in (PDF)"
