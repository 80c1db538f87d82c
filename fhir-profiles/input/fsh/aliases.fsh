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
