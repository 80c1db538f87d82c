// VNQNPatient: a person registered at one of the province's hospitals. One Patient per hospital,
// linked across hospitals by the API (Patient.link); CCCD and BHYT are what links them.
// Light on purpose: hospital exports have gaps (no CCCD for children under 14 before 2024, year-only
// birth dates for the elderly, no BHYT for the uninsured), so almost everything is optional and the
// value checks apply only when a value is present.

Profile: VNQNPatient
Parent: Patient
Id: vnqn-patient
Title: "VNQN Patient — Người bệnh"
Description: "A patient of a Quang Ninh province hospital: identifiers sliced by system (CCCD citizen ID, BHYT insurance number, one MRN per hospital, province patient card), Vietnamese names with the full name in `text` (family name first), gender, birth date (year or year-month allowed) and address with Vietnamese administrative unit codes."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false

* extension contains
    VNEthnicity named ethnicity 0..1 MS and
    $patient-nationality named nationality 0..1 MS
* extension[ethnicity] ^short = "Dân tộc — ethnic group (GSO code, 01 = Kinh)"
* extension[nationality] ^short = "Quốc tịch — nationality (ISO 3166 country code, VN = Việt Nam)"
* extension[nationality] ^comment = "The core patient-nationality extension: put the country in extension[code].valueCodeableConcept with system urn:iso:std:iso:3166. Sources that send the Ministry's numeric country code must be mapped to ISO 3166 first."

* identifier MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by identifier system. Other systems are allowed."
* identifier contains
    cccd 0..1 MS and
    bhyt 0..1 MS and
    mrnDaKhoaTinh 0..1 MS and
    mrnSanNhi 0..1 MS and
    mrnBaiChay 0..1 MS and
    patientCard 0..* MS

* identifier[cccd] ^short = "Số CCCD — 12-digit citizen identification number"
* identifier[cccd] ^definition = "Số định danh cá nhân / căn cước công dân issued by the Ministry of Public Security: 3-digit province code of birth registration, century-and-sex digit, 2-digit year of birth, 6 random digits."
* identifier[cccd].system 1..1
* identifier[cccd].system = $sid-cccd (exactly)
* identifier[cccd].value 1..1
* identifier[cccd] obeys qn-cccd-1 and qn-cccd-2 and qn-cccd-3 and qn-cccd-4 and qn-cccd-5

* identifier[bhyt] ^short = "Số thẻ BHYT — 15-character health insurance card number"
* identifier[bhyt] ^definition = "Social health insurance card number (mã thẻ BHYT): beneficiary group (2 letters), benefit level (1–5), issuing province (2 digits), social insurance number (10 digits). The card's validity goes in `period`."
* identifier[bhyt].system 1..1
* identifier[bhyt].system = $sid-bhyt (exactly)
* identifier[bhyt].value 1..1
* identifier[bhyt].period MS
* identifier[bhyt] obeys qn-bhyt-1

* identifier[mrnDaKhoaTinh] ^short = "Mã bệnh nhân — MRN at Bệnh viện Đa khoa tỉnh Quảng Ninh"
* identifier[mrnDaKhoaTinh].system 1..1
* identifier[mrnDaKhoaTinh].system = $sid-mrn-dktinh (exactly)
* identifier[mrnDaKhoaTinh].value 1..1

* identifier[mrnSanNhi] ^short = "Mã bệnh nhân — MRN at Bệnh viện Sản Nhi Quảng Ninh"
* identifier[mrnSanNhi].system 1..1
* identifier[mrnSanNhi].system = $sid-mrn-sannhi (exactly)
* identifier[mrnSanNhi].value 1..1

* identifier[mrnBaiChay] ^short = "Mã bệnh nhân — MRN at Bệnh viện Bãi Cháy"
* identifier[mrnBaiChay].system 1..1
* identifier[mrnBaiChay].system = $sid-mrn-baichay (exactly)
* identifier[mrnBaiChay].value 1..1

* identifier[patientCard] ^short = "Mã thẻ khám bệnh — id of a province appointment card issued to the patient"
* identifier[patientCard] ^definition = "The opaque id of a patient card. A replaced card keeps its identifier with `period.end` set (or is removed); the card itself holds no personal data."
* identifier[patientCard].system 1..1
* identifier[patientCard].system = $sid-card (exactly)
* identifier[patientCard].value 1..1
* identifier[patientCard].period MS

* name MS
* name obeys qn-name-1
* name ^short = "Họ tên — full name in text, family name first (Nguyễn Văn An)"
* name ^comment = "Vietnamese order is family name, middle name(s), given name. `text` holds the name as written with diacritics; `family` holds the family name; `given` holds the middle and given names in order (e.g. given = 'Văn', 'An'), or the middle+given string as one element when a source system cannot split it."
* name.text MS
* name.family MS
* name.given MS

* telecom MS
* gender MS
* birthDate MS
* birthDate ^comment = "Year or year and month are acceptable when the full date is unknown (common for older patients)."
* address MS
* address only VNQNAddress
* managingOrganization MS
* managingOrganization only Reference(VNQNOrganization)
* link MS

Extension: VNEthnicity
Id: vn-ethnicity
Title: "Dân tộc — ethnic group"
Description: "The ethnic group a person belongs to, coded with the General Statistics Office's two-digit code (MA_DANTOC of the Ministry of Health's XML claim tables: 01 Kinh, 02 Tày, …)."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* ^context[0].type = #element
* ^context[0].expression = "Patient"
* value[x] only Coding
* valueCoding 1..1
* valueCoding from VNEthnicGroupVS (required)
* valueCoding.system 1..1
* valueCoding.code 1..1
