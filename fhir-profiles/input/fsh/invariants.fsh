// Invariants on identifier slices. Each has a stable key (qn-…) and a message a person can act on:
// HAPI FHIR quotes the human text in the OperationOutcome it returns when a write breaks one.
// Error-level invariants reject the write; warning-level ones are reported but let it through.

// ---- CCCD (Căn cước công dân), the 12-digit personal identification number -----------------------
// Layout (Circular 07/2016/TT-BCA, Decree 137/2015/NĐ-CP): 3-digit province code of the place of
// birth registration, 1 digit for century and sex, 2 digits of the year of birth, 6 random digits.

Invariant: qn-cccd-1
Description: "Số CCCD phải gồm đúng 12 chữ số (CCCD citizen ID must be exactly 12 digits, no spaces or letters)"
Expression: "value.matches('^[0-9]{12}$')"
Severity: #error

Invariant: qn-cccd-2
Description: "Ba chữ số đầu của số CCCD phải là mã tỉnh nơi đăng ký khai sinh (CCCD: the first three digits must be the code of a Vietnamese province, 001–096, where the birth was registered)"
Expression: "value.matches('^[0-9]{12}$') implies value.matches('^(001|002|004|006|008|010|011|012|014|015|017|019|020|022|024|025|026|027|030|031|033|034|035|036|037|038|040|042|044|045|046|048|049|051|052|054|056|058|060|062|064|066|067|068|070|072|074|075|077|079|080|082|083|084|086|087|089|091|092|093|094|095|096)[0-9]{9}$')"
Severity: #error

Invariant: qn-cccd-3
Description: "Chữ số thứ tư của số CCCD (thế kỷ và giới tính) phải từ 0 đến 3 (CCCD: the fourth digit encodes century and sex — 0/1 born 1900–1999 male/female, 2/3 born 2000–2099 male/female — so it must be 0–3)"
Expression: "value.matches('^[0-9]{12}$') implies value.substring(3, 1).toInteger() <= 3"
Severity: #error

Invariant: qn-cccd-4
Description: "Năm sinh suy ra từ số CCCD (chữ số 4–6) không khớp với ngày sinh của người bệnh (CCCD: the year of birth encoded in digits 4–6 differs from Patient.birthDate; check both)"
Expression: "(%resource.birthDate.exists() and value.matches('^[0-9]{3}[0-3][0-9]{8}$')) implies %resource.birthDate.toString().substring(0, 4) = ((value.substring(3, 1).toInteger() div 2) * 100 + 1900 + value.substring(4, 2).toInteger()).toString()"
Severity: #warning

Invariant: qn-cccd-5
Description: "Giới tính suy ra từ số CCCD (chữ số thứ tư: chẵn = nam, lẻ = nữ) không khớp với giới tính của người bệnh (CCCD: the sex encoded in the fourth digit — even male, odd female — differs from Patient.gender)"
Expression: "(%resource.gender.exists() and (%resource.gender = 'male' or %resource.gender = 'female') and value.matches('^[0-9]{12}$')) implies ((value.substring(3, 1).toInteger() mod 2 = 0) = (%resource.gender = 'male'))"
Severity: #warning

// ---- BHYT (Bảo hiểm y tế), the 15-character health insurance card number --------------------------
// Layout: 2 upper-case letters for the beneficiary group (DN, HC, HT, TE, HS, …), 1 digit for the
// benefit level (1–5), 2 digits for the province that issued the card, 10 digits for the person's
// social insurance number (mã số BHXH).

Invariant: qn-bhyt-1
Description: "Số thẻ BHYT phải gồm 15 ký tự: 2 chữ in hoa, mức hưởng 1–5, mã tỉnh 2 chữ số và 10 chữ số mã BHXH (BHYT insurance number must be 15 characters: 2 upper-case letters, a benefit level 1–5, a 2-digit province code and 10 digits, e.g. HT3222212345678)"
Expression: "value.matches('^[A-Z]{2}[1-5][0-9]{12}$')"
Severity: #error

// ---- Ministry of Health facility code (mã cơ sở khám, chữa bệnh) ---------------------------------

Invariant: qn-facility-1
Description: "Mã cơ sở khám, chữa bệnh thường gồm 5 chữ số: 2 chữ số mã tỉnh và 3 chữ số thứ tự (MoH facility code is expected to be 5 digits: 2-digit province code and a 3-digit number, e.g. 22001)"
Expression: "value.matches('^[0-9]{5}$')"
Severity: #warning

// ---- Names ----------------------------------------------------------------------------------------

Invariant: qn-name-1
Description: "Họ tên phải có dạng đầy đủ trong name.text, họ trước tên sau (a name must carry the full name in name.text, family name first, e.g. 'Nguyễn Văn An')"
Expression: "text.exists()"
Severity: #error

// ---- Clinical profiles (issue 3) ------------------------------------------------------------------
// Patterns use [.] rather than \. so that the FHIRPath string needs no escape.

Invariant: qn-icd10-1
Description: "Mã ICD-10 phải có dạng chữ in hoa, hai chữ số, rồi tùy chọn dấu chấm và 1–4 ký tự, ví dụ J18.9 hoặc E11 (ICD-10 code must look like an upper-case letter and two digits, optionally a dot and 1–4 digits or letters, e.g. J18.9 or E11)"
Expression: "coding.where(system = 'http://hl7.org/fhir/sid/icd-10').all(code.matches('^[A-Z][0-9]{2}([.][0-9A-Z]{1,4})?$'))"
Severity: #error

Invariant: qn-condition-1
Description: "Chẩn đoán nên có mã ICD-10 (a diagnosis should carry an ICD-10 coding; text alone cannot be used for BHYT claims or statistics)"
Expression: "coding.where(system = 'http://hl7.org/fhir/sid/icd-10').exists()"
Severity: #warning

Invariant: qn-lab-1
Description: "Kết quả xét nghiệm phải có mã xét nghiệm nội bộ của bệnh viện (một coding có system https://fhir.quangninh.gov.vn/CodeSystem/local-lab-…); mã LOINC chỉ bổ sung (a lab result must carry the hospital's local test code: a coding whose system is https://fhir.quangninh.gov.vn/CodeSystem/local-lab-<hospital>; LOINC is added where mapped)"
Expression: "coding.where(system.startsWith('https://fhir.quangninh.gov.vn/CodeSystem/local-lab-') and code.exists()).exists()"
Severity: #error

Invariant: qn-lab-2
Description: "Đơn vị của kết quả định lượng phải theo UCUM (system http://unitsofmeasure.org) khi có mã đơn vị; đơn vị không mã hóa được chỉ ghi ở unit (a coded unit of a quantitative result must be UCUM, system http://unitsofmeasure.org; put uncodable units in unit only)"
Expression: "value.ofType(Quantity).where(code.exists()).all(system = 'http://unitsofmeasure.org')"
Severity: #error

Invariant: qn-med-1
Description: "Thuốc nên có tên hoạt chất, hàm lượng trong medicationCodeableConcept.text, ví dụ 'Amoxicilin 500mg' (the medication should carry the active ingredient and strength as text)"
Expression: "medication.ofType(CodeableConcept).exists() implies medication.ofType(CodeableConcept).text.exists()"
Severity: #warning

Invariant: qn-bhyt-2
Description: "Coverage.subscriberId, nếu có, phải là số thẻ BHYT 15 ký tự, ví dụ HT3222212345678 (subscriberId, when given, must be the 15-character BHYT number)"
Expression: "matches('^[A-Z]{2}[1-5][0-9]{12}$')"
Severity: #error

Invariant: qn-bhyt-3
Description: "Mức hưởng BHYT phải là một chữ số từ 1 đến 5 (BHYT benefit level must be a single digit 1–5)"
Expression: "value.matches('^[1-5]$')"
Severity: #error

Invariant: qn-bhyt-4
Description: "Mức hưởng ghi ở class không khớp với ký tự thứ ba của số thẻ BHYT (the benefit level in class differs from the third character of the BHYT number; check the card)"
Expression: "(class.where(type.coding.where(system = 'http://terminology.hl7.org/CodeSystem/coverage-class' and code = 'plan').exists()).value.count() = 1 and identifier.where(system = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number').value.first().matches('^[A-Z]{2}[1-5][0-9]{12}$')) implies class.where(type.coding.where(system = 'http://terminology.hl7.org/CodeSystem/coverage-class' and code = 'plan').exists()).value.first() = identifier.where(system = 'http://fhir.ehealth.gov.vn/core/sid/insurance_number').value.first().substring(2, 1)"
Severity: #warning

// ---- Provenance (issue 3, second part) --------------------------------------------------------------

Invariant: qn-prov-1
Description: "Provenance phải ghi bệnh viện nguồn là tác nhân author (agent.type = author, agent.who = Organization/<bệnh viện>) (the source hospital must be an agent of type author whose who references its Organization)"
Expression: "agent.where(type.coding.where(system = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type' and code = 'author').exists() and (who.reference.startsWith('Organization/') or who.reference.contains('/Organization/'))).exists()"
Severity: #error

Invariant: qn-prov-2
Description: "Provenance phải ghi mã bản ghi nguồn: một entity role = source có what.identifier với system https://fhir.quangninh.gov.vn/sid/source-record/<bệnh viện>/<định dạng> và value (the source record must be named: an entity with role source whose what.identifier has a source-record system and a value)"
Expression: "entity.where(role = 'source' and what.identifier.where(system.startsWith('https://fhir.quangninh.gov.vn/sid/source-record/') and value.exists()).exists()).exists()"
Severity: #error

// ---- Scheduling (issue 3, third part) ---------------------------------------------------------------
// References are matched relative (Type/id) or absolute (…/Type/id), as qn-prov-1 does.

Invariant: qn-sched-1
Description: "Lịch phải ghi ai nhận khám: khoa/phòng khám (HealthcareService), vai trò bác sĩ tại bệnh viện (PractitionerRole) hoặc bác sĩ (Practitioner) trong actor (a schedule must name who is booked: the department, HealthcareService, or the doctor, PractitionerRole or Practitioner, among its actors)"
Expression: "actor.where(reference.startsWith('HealthcareService/') or reference.contains('/HealthcareService/') or reference.startsWith('PractitionerRole/') or reference.contains('/PractitionerRole/') or reference.startsWith('Practitioner/') or reference.contains('/Practitioner/')).exists()"
Severity: #error

Invariant: qn-sched-2
Description: "Lịch phải cho biết bệnh viện: một actor là khoa (HealthcareService), vai trò bác sĩ tại bệnh viện (PractitionerRole) hoặc địa điểm của bệnh viện (Location) (a schedule must lead to its hospital: one actor must be a HealthcareService, a PractitionerRole or a Location of the hospital, which name it)"
Expression: "actor.where(reference.startsWith('HealthcareService/') or reference.contains('/HealthcareService/') or reference.startsWith('PractitionerRole/') or reference.contains('/PractitionerRole/') or reference.startsWith('Location/') or reference.contains('/Location/')).exists()"
Severity: #error

Invariant: qn-time-1
Description: "Giờ kết thúc phải sau giờ bắt đầu (end must be after start)"
Expression: "(start.exists() and end.exists()) implies end > start"
Severity: #error

Invariant: qn-appt-1
Description: "Lịch hẹn phải ghi người bệnh là participant: actor tham chiếu Patient/<id>, hoặc type = Patient với identifier khi máy chủ chưa có hồ sơ người bệnh (an appointment must have the patient as a participant: an actor referencing Patient/<id>, or of type Patient with an identifier when the server does not hold the patient yet)"
Expression: "participant.where(actor.reference.startsWith('Patient/') or actor.reference.contains('/Patient/') or (actor.type = 'Patient' and actor.identifier.value.exists())).exists()"
Severity: #error

Invariant: qn-appt-2
Description: "Lịch hẹn phải ghi nơi khám là participant: khoa/phòng khám (HealthcareService) hoặc địa điểm (Location) (an appointment must have where it takes place as a participant: the department, HealthcareService, or a Location)"
Expression: "participant.where(actor.reference.startsWith('HealthcareService/') or actor.reference.contains('/HealthcareService/') or actor.reference.startsWith('Location/') or actor.reference.contains('/Location/')).exists()"
Severity: #error

// ---- Medication statements (issue 3, third part) ------------------------------------------------------

Invariant: qn-med-2
Description: "Thuốc phải có mã thuốc nội bộ của bệnh viện (một coding có system https://fhir.quangninh.gov.vn/CodeSystem/local-drug-…); mã ATC chỉ bổ sung (the drug must carry the hospital's local drug code: a coding whose system is https://fhir.quangninh.gov.vn/CodeSystem/local-drug-<hospital>; ATC is added where known)"
Expression: "medication.ofType(CodeableConcept).coding.where(system.startsWith('https://fhir.quangninh.gov.vn/CodeSystem/local-drug-') and code.exists()).exists()"
Severity: #error

// ---- Audit (IHE BALP; issue 3, third part) -------------------------------------------------------------

Invariant: qn-audit-1
Description: "AuditEvent phải ghi cả máy khách và máy chủ là agent, theo IHE BALP (DICOM 110153 Source Role ID và 110152 Destination Role ID) (an audit event names both the client and the server as agents, DICOM Source Role ID 110153 and Destination Role ID 110152, as IHE BALP requires)"
Expression: "agent.where(type.coding.where(system = 'http://dicom.nema.org/resources/ontology/DCM' and code = '110153').exists()).exists() and agent.where(type.coding.where(system = 'http://dicom.nema.org/resources/ontology/DCM' and code = '110152').exists()).exists()"
Severity: #error

Invariant: qn-audit-2
Description: "Entity người bệnh (role = 1 Patient) phải chỉ rõ người bệnh trong what (the patient entity, object-role 1, must name the patient in what)"
Expression: "entity.where(role.system = 'http://terminology.hl7.org/CodeSystem/object-role' and role.code = '1').all(what.exists())"
Severity: #error
