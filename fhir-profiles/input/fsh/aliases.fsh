// Canonical URLs used across the FSH files. Our canonical base is https://fhir.quangninh.gov.vn.
// Keep this file and src/canonical.ts in step: a unit test compares them with the compiled package.

// Identifier systems (NamingSystem uniqueId values)
// From the Ministry of Health's VN Core guide (http://fhir.ehealth.gov.vn/core):
Alias: $sid-bhyt = http://fhir.ehealth.gov.vn/core/sid/insurance_number
Alias: $sid-moh-facility = http://fhir.ehealth.gov.vn/core/sid/provider-medical-license-number
// Ours (no CCCD system found in the Ministry's guide; see README):
Alias: $sid-cccd = https://fhir.quangninh.gov.vn/sid/cccd
Alias: $sid-card = https://fhir.quangninh.gov.vn/sid/patient-card
Alias: $sid-mrn-dktinh = https://fhir.quangninh.gov.vn/sid/mrn/da-khoa-tinh
Alias: $sid-mrn-sannhi = https://fhir.quangninh.gov.vn/sid/mrn/san-nhi
Alias: $sid-mrn-baichay = https://fhir.quangninh.gov.vn/sid/mrn/bai-chay
Alias: $sid-cchn = https://fhir.quangninh.gov.vn/sid/practising-certificate
Alias: $sid-admin-unit = https://fhir.quangninh.gov.vn/sid/vn-admin-unit

// Our terminology
Alias: $cs-department = https://fhir.quangninh.gov.vn/CodeSystem/department
Alias: $vs-department = https://fhir.quangninh.gov.vn/ValueSet/department

// HL7 terminology
Alias: $v2-0203 = http://terminology.hl7.org/CodeSystem/v2-0203
Alias: $org-type = http://terminology.hl7.org/CodeSystem/organization-type
Alias: $loc-physical-type = http://terminology.hl7.org/CodeSystem/location-physical-type
Alias: $role-code = http://terminology.hl7.org/CodeSystem/practitioner-role

// ---- Clinical profiles (issue 3) ----------------------------------------------------------------
// Visit numbers (MA_LK of the Ministry's XML claim tables), one system per hospital, like the MRNs:
Alias: $sid-malk-dktinh = https://fhir.quangninh.gov.vn/sid/ma-lk/da-khoa-tinh
Alias: $sid-malk-sannhi = https://fhir.quangninh.gov.vn/sid/ma-lk/san-nhi
Alias: $sid-malk-baichay = https://fhir.quangninh.gov.vn/sid/ma-lk/bai-chay

// Our code systems (content not-present: the codes live in the hospitals' / Ministry's lists)
Alias: $cs-lab-dktinh = https://fhir.quangninh.gov.vn/CodeSystem/local-lab-da-khoa-tinh
Alias: $cs-lab-sannhi = https://fhir.quangninh.gov.vn/CodeSystem/local-lab-san-nhi
Alias: $cs-lab-baichay = https://fhir.quangninh.gov.vn/CodeSystem/local-lab-bai-chay
Alias: $cs-moh-drug = https://fhir.quangninh.gov.vn/CodeSystem/moh-drug
Alias: $cs-moh-service = https://fhir.quangninh.gov.vn/CodeSystem/moh-technical-service
Alias: $vs-encounter-class = https://fhir.quangninh.gov.vn/ValueSet/encounter-class

// External terminology
Alias: $icd10 = http://hl7.org/fhir/sid/icd-10
Alias: $loinc = http://loinc.org
Alias: $ucum = http://unitsofmeasure.org
Alias: $v3-ActCode = http://terminology.hl7.org/CodeSystem/v3-ActCode
Alias: $obs-category = http://terminology.hl7.org/CodeSystem/observation-category
Alias: $obs-interpretation = http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation
Alias: $v2-0074 = http://terminology.hl7.org/CodeSystem/v2-0074
Alias: $condition-clinical = http://terminology.hl7.org/CodeSystem/condition-clinical
Alias: $condition-ver-status = http://terminology.hl7.org/CodeSystem/condition-ver-status
Alias: $condition-category = http://terminology.hl7.org/CodeSystem/condition-category
Alias: $diagnosis-role = http://terminology.hl7.org/CodeSystem/diagnosis-role
Alias: $allergy-clinical = http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical
Alias: $allergy-verification = http://terminology.hl7.org/CodeSystem/allergyintolerance-verification
Alias: $coverage-class = http://terminology.hl7.org/CodeSystem/coverage-class
Alias: $vitalsigns = http://hl7.org/fhir/StructureDefinition/vitalsigns

// ---- Demographics, provenance, audit and consent (issue 3, second part) -------------------------
// Our terminology (the admin-unit code system keeps the system URI the addresses already carry):
Alias: $cs-ethnic-group = https://fhir.quangninh.gov.vn/CodeSystem/vn-ethnic-group
Alias: $vs-ethnic-group = https://fhir.quangninh.gov.vn/ValueSet/vn-ethnic-group
Alias: $vs-qn-admin-unit = https://fhir.quangninh.gov.vn/ValueSet/quang-ninh-admin-unit
Alias: $cs-appointment-service-type = https://fhir.quangninh.gov.vn/CodeSystem/appointment-service-type
Alias: $vs-appointment-service-type = https://fhir.quangninh.gov.vn/ValueSet/appointment-service-type
Alias: $cs-card-status = https://fhir.quangninh.gov.vn/CodeSystem/card-status
Alias: $vs-card-status = https://fhir.quangninh.gov.vn/ValueSet/card-status
// Identifier systems the API writes on Provenance, AuditEvent and Appointment:
Alias: $sid-ingestion-job = https://fhir.quangninh.gov.vn/sid/ingestion-job
Alias: $sid-staff-user = https://fhir.quangninh.gov.vn/sid/staff-user
Alias: $sid-station = https://fhir.quangninh.gov.vn/sid/station
Alias: $sid-application = https://fhir.quangninh.gov.vn/sid/application
Alias: $sid-fhir-reference = https://fhir.quangninh.gov.vn/sid/fhir-reference
Alias: $sid-booking-id = https://fhir.quangninh.gov.vn/sid/booking-id
// External
Alias: $patient-nationality = http://hl7.org/fhir/StructureDefinition/patient-nationality
Alias: $iso3166 = urn:iso:std:iso:3166
Alias: $provenance-participant-type = http://terminology.hl7.org/CodeSystem/provenance-participant-type
Alias: $v3-DataOperation = http://terminology.hl7.org/CodeSystem/v3-DataOperation
Alias: $audit-event-type = http://terminology.hl7.org/CodeSystem/audit-event-type
Alias: $restful-interaction = http://hl7.org/fhir/restful-interaction
Alias: $dicom = http://dicom.nema.org/resources/ontology/DCM
Alias: $v3-ParticipationType = http://terminology.hl7.org/CodeSystem/v3-ParticipationType
Alias: $audit-entity-type = http://terminology.hl7.org/CodeSystem/audit-entity-type
Alias: $object-role = http://terminology.hl7.org/CodeSystem/object-role
Alias: $security-source-type = http://terminology.hl7.org/CodeSystem/security-source-type
Alias: $balp-entity-type = https://profiles.ihe.net/ITI/BALP/CodeSystem/BasicAuditEntityType
Alias: $v3-ActReason = http://terminology.hl7.org/CodeSystem/v3-ActReason
Alias: $consentscope = http://terminology.hl7.org/CodeSystem/consentscope

// ---- Scheduling, medication statements and audit (issue 3, third part) --------------------------
Alias: $sid-booking-ticket = https://fhir.quangninh.gov.vn/sid/booking-ticket
Alias: $sid-queue-number = https://fhir.quangninh.gov.vn/sid/queue-number
Alias: $cs-drug-dktinh = https://fhir.quangninh.gov.vn/CodeSystem/local-drug-da-khoa-tinh
Alias: $cs-drug-sannhi = https://fhir.quangninh.gov.vn/CodeSystem/local-drug-san-nhi
Alias: $cs-drug-baichay = https://fhir.quangninh.gov.vn/CodeSystem/local-drug-bai-chay
// WHO ATC, under the URI FHIR R4 gives it (terminologies-systems):
Alias: $atc = http://www.whocc.no/atc
Alias: $appointment-cancellation-reason = http://terminology.hl7.org/CodeSystem/appointment-cancellation-reason
Alias: $medication-statement-category = http://terminology.hl7.org/CodeSystem/medication-statement-category
