// Clinical examples (issue 3): visits, diagnoses, results, prescriptions, procedures and BHYT cards
// of the example patients. Drug and technical-service codes, MA_LK numbers and local lab codes are
// illustrative placeholders in the real formats, not taken from the Ministry's catalogues.
//
// Encounter.diagnosis → Condition and Condition.encounter → Encounter would form a reference cycle,
// which cannot be written one resource at a time (HAPI checks references): the condition listed on
// the inpatient visit below therefore does not point back at it. Real loads use a transaction Bundle.

// ---- Nguyễn Văn Hùng: emergency admission for pneumonia, Bệnh viện Đa khoa tỉnh ----------------------

Instance: cond-hung-viem-phoi
InstanceOf: VNQNCondition
Usage: #example
Title: "Viêm phổi (J18.9) — Nguyễn Văn Hùng"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* category = $condition-category#encounter-diagnosis
* code.coding[icd10] = $icd10#J18.9 "Viêm phổi, không đặc hiệu"
* code.text = "Viêm phổi thùy dưới phổi phải"
* subject = Reference(patient-nguyen-van-hung)
* onsetDateTime = "2026-11-16"
* recordedDate = "2026-11-18T09:40:00+07:00"
* recorder = Reference(prac-vu-duc-thang)

Instance: cond-hung-tang-huyet-ap
InstanceOf: VNQNCondition
Usage: #example
Title: "Tăng huyết áp vô căn (I10) — Nguyễn Văn Hùng, bệnh kèm theo"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* category = $condition-category#problem-list-item
* code.coding[icd10] = $icd10#I10 "Bệnh tăng huyết áp vô căn (nguyên phát)"
* code.text = "Tăng huyết áp"
* subject = Reference(patient-nguyen-van-hung)
* recordedDate = "2019-04-02"

Instance: enc-hung-noi-tru
InstanceOf: VNQNEncounter
Usage: #example
Title: "Nguyễn Văn Hùng — vào viện cấp cứu, điều trị nội trú khoa Hô hấp"
* identifier[maLkDaKhoaTinh].system = $sid-malk-dktinh
* identifier[maLkDaKhoaTinh].value = "2611180042"
* status = #finished
* class = $v3-ActCode#IMP "inpatient encounter"
* serviceType = $cs-department#ho-hap "Hô hấp"
* subject = Reference(patient-nguyen-van-hung)
* participant[0].individual = Reference(role-vu-duc-thang-tim-mach)
* period.start = "2026-11-18T08:15:00+07:00"
* period.end = "2026-11-25T10:00:00+07:00"
* reasonCode.text = "Sốt cao, ho có đờm, khó thở 3 ngày"
* diagnosis[0].condition = Reference(cond-hung-viem-phoi)
* diagnosis[0].use = $diagnosis-role#DD "Discharge diagnosis"
* diagnosis[0].rank = 1
* diagnosis[1].condition = Reference(cond-hung-tang-huyet-ap)
* diagnosis[1].use = $diagnosis-role#CM "Comorbidity diagnosis"
* diagnosis[1].rank = 2
* hospitalization.admitSource.text = "Khoa Cấp cứu"
* hospitalization.dischargeDisposition.text = "Ra viện, khỏi bệnh"
* location[0].location = Reference(loc-bvdk-tinh-campus)
* serviceProvider = Reference(bvdk-tinh-quang-ninh)

Instance: obs-hung-glucose
InstanceOf: VNQNObservationLab
Usage: #example
Title: "Glucose máu — Nguyễn Văn Hùng (mã nội bộ + LOINC)"
* status = #final
* category[laboratory] = $obs-category#laboratory "Laboratory"
* code.coding[0] = $cs-lab-dktinh#HH-GLU "Định lượng Glucose [Máu]"
* code.coding[1] = $loinc#14749-6 "Glucose [Moles/volume] in Serum or Plasma"
* code.text = "Định lượng Glucose [Máu]"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* effectiveDateTime = "2026-11-18T08:40:00+07:00"
* issued = "2026-11-18T09:25:00+07:00"
* performer = Reference(bvdk-tinh-quang-ninh)
* valueQuantity = 7.8 'mmol/L' "mmol/L"
* interpretation = $obs-interpretation#H "High"
* referenceRange.low = 3.9 'mmol/L' "mmol/L"
* referenceRange.high = 6.4 'mmol/L' "mmol/L"
* referenceRange.text = "3.9 – 6.4 mmol/L"

Instance: obs-hung-bach-cau
InstanceOf: VNQNObservationLab
Usage: #example
Title: "Số lượng bạch cầu — Nguyễn Văn Hùng (mã nội bộ + LOINC)"
* status = #final
* category[laboratory] = $obs-category#laboratory "Laboratory"
* code.coding[0] = $cs-lab-dktinh#HH-WBC "Số lượng bạch cầu (WBC)"
* code.coding[1] = $loinc#6690-2 "Leukocytes [#/volume] in Blood by Automated count"
* code.text = "Số lượng bạch cầu (WBC)"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* effectiveDateTime = "2026-11-18T08:40:00+07:00"
* issued = "2026-11-18T09:05:00+07:00"
* performer = Reference(bvdk-tinh-quang-ninh)
* valueQuantity = 15.2 '10*9/L' "G/L"
* interpretation = $obs-interpretation#H "High"
* referenceRange.low = 4.0 '10*9/L' "G/L"
* referenceRange.high = 10.0 '10*9/L' "G/L"

Instance: obs-hung-crp
InstanceOf: VNQNObservationLab
Usage: #example
Title: "CRP — Nguyễn Văn Hùng (mã nội bộ only, not yet mapped to LOINC)"
* status = #final
* category[laboratory] = $obs-category#laboratory "Laboratory"
* code.coding[0] = $cs-lab-dktinh#SH-CRP "Định lượng CRP"
* code.text = "Định lượng CRP"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* effectiveDateTime = "2026-11-18T08:40:00+07:00"
* issued = "2026-11-18T10:10:00+07:00"
* performer = Reference(bvdk-tinh-quang-ninh)
* valueQuantity = 86 'mg/L' "mg/L"
* interpretation = $obs-interpretation#H "High"
* referenceRange.high = 5 'mg/L' "mg/L"
* referenceRange.text = "< 5 mg/L"

Instance: report-hung-xet-nghiem
InstanceOf: VNQNDiagnosticReport
Usage: #example
Title: "Phiếu kết quả xét nghiệm — Nguyễn Văn Hùng"
* status = #final
* category = $v2-0074#LAB "Laboratory"
* code.text = "Phiếu xét nghiệm huyết học – sinh hóa máu"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* effectiveDateTime = "2026-11-18T08:40:00+07:00"
* issued = "2026-11-18T10:15:00+07:00"
* performer = Reference(bvdk-tinh-quang-ninh)
* result[0] = Reference(obs-hung-glucose)
* result[1] = Reference(obs-hung-bach-cau)
* result[2] = Reference(obs-hung-crp)
* conclusion = "Bạch cầu tăng, CRP tăng: phù hợp tình trạng nhiễm khuẩn. Glucose máu tăng nhẹ."

Instance: vs-hung-huyet-ap
InstanceOf: VNQNObservationVitalSigns
Usage: #example
Title: "Huyết áp — Nguyễn Văn Hùng"
* status = #final
* category[VSCat] = $obs-category#vital-signs "Vital Signs"
* code = $loinc#85354-9 "Blood pressure panel with all children optional"
* code.text = "Huyết áp"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* effectiveDateTime = "2026-11-18T08:20:00+07:00"
* component[0].code = $loinc#8480-6 "Systolic blood pressure"
* component[0].valueQuantity = 150 'mm[Hg]' "mmHg"
* component[1].code = $loinc#8462-4 "Diastolic blood pressure"
* component[1].valueQuantity = 90 'mm[Hg]' "mmHg"

Instance: vs-hung-nhiet-do
InstanceOf: VNQNObservationVitalSigns
Usage: #example
Title: "Nhiệt độ — Nguyễn Văn Hùng"
* status = #final
* category[VSCat] = $obs-category#vital-signs "Vital Signs"
* code = $loinc#8310-5 "Body temperature"
* code.text = "Nhiệt độ"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* effectiveDateTime = "2026-11-18T08:20:00+07:00"
* valueQuantity = 38.9 'Cel' "°C"

Instance: medreq-hung-amoxicilin
InstanceOf: VNQNMedicationRequest
Usage: #example
Title: "Amoxicilin + acid clavulanic — Nguyễn Văn Hùng"
* status = #completed
* intent = #order
* medicationCodeableConcept.coding[mohDrug] = $cs-moh-drug#40.152 "Amoxicilin + acid clavulanic"
* medicationCodeableConcept.text = "Amoxicilin + acid clavulanic 875mg + 125mg, viên nén bao phim"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* authoredOn = "2026-11-18T10:30:00+07:00"
* requester = Reference(role-vu-duc-thang-tim-mach)
* reasonReference = Reference(cond-hung-viem-phoi)
* dosageInstruction[0].text = "Uống 1 viên/lần, ngày 2 lần sáng – tối, sau ăn, trong 7 ngày"
* dosageInstruction[0].timing.repeat.frequency = 2
* dosageInstruction[0].timing.repeat.period = 1
* dosageInstruction[0].timing.repeat.periodUnit = #d
* dosageInstruction[0].timing.repeat.boundsDuration = 7 'd' "ngày"
* dosageInstruction[0].doseAndRate[0].doseQuantity.value = 1
* dosageInstruction[0].doseAndRate[0].doseQuantity.unit = "viên"
* dispenseRequest.quantity.value = 14
* dispenseRequest.quantity.unit = "viên"

Instance: allergy-hung-cephalexin
InstanceOf: VNQNAllergyIntolerance
Usage: #example
Title: "Dị ứng Cephalexin — Nguyễn Văn Hùng"
* clinicalStatus = $allergy-clinical#active
* verificationStatus = $allergy-verification#confirmed
* type = #allergy
* category = #medication
* criticality = #low
* code.text = "Cephalexin"
* patient = Reference(patient-nguyen-van-hung)
* recordedDate = "2021-06-10"
* reaction[0].manifestation[0].text = "Nổi mẩn ngứa toàn thân"
* reaction[0].severity = #mild

Instance: proc-hung-chup-xquang
InstanceOf: VNQNProcedure
Usage: #example
Title: "Chụp X-quang ngực thẳng — Nguyễn Văn Hùng"
* status = #completed
* code.coding[mohService] = $cs-moh-service#18.0067.0028 "Chụp Xquang ngực thẳng"
* code.text = "Chụp X-quang ngực thẳng"
* subject = Reference(patient-nguyen-van-hung)
* encounter = Reference(enc-hung-noi-tru)
* performedDateTime = "2026-11-18T09:00:00+07:00"
* performer[0].actor = Reference(bvdk-tinh-quang-ninh)
* reasonReference = Reference(cond-hung-viem-phoi)

Instance: coverage-hung-bhyt
InstanceOf: VNQNCoverage
Usage: #example
Title: "Thẻ BHYT HT3222212345678 — Nguyễn Văn Hùng"
* extension[primaryCareFacility].valueIdentifier.system = $sid-moh-facility
* extension[primaryCareFacility].valueIdentifier.value = "22001"
* extension[primaryCareFacility].valueIdentifier.assigner = Reference(bvdk-tinh-quang-ninh) "Bệnh viện Đa khoa tỉnh Quảng Ninh"
* identifier[bhyt].system = $sid-bhyt
* identifier[bhyt].value = "HT3222212345678"
* status = #active
* type = $v3-ActCode#PUBLICPOL "public healthcare"
* subscriberId = "HT3222212345678"
* beneficiary = Reference(patient-nguyen-van-hung)
* relationship = http://terminology.hl7.org/CodeSystem/subscriber-relationship#self "Self"
* period.start = "2026-01-01"
* period.end = "2026-12-31"
* payor = Reference(bhxh-quang-ninh)
* class[benefitLevel].type = $coverage-class#plan "Plan"
* class[benefitLevel].value = "3"
* class[benefitLevel].name = "Mức hưởng 3 — 95% chi phí trong phạm vi quyền lợi"

// ---- Trần Thị Mai: outpatient visit, Bệnh viện Bãi Cháy --------------------------------------------

Instance: enc-mai-ngoai-tru
InstanceOf: VNQNEncounter
Usage: #example
Title: "Trần Thị Mai — khám ngoại trú Tai Mũi Họng"
* identifier[maLkBaiChay].system = $sid-malk-baichay
* identifier[maLkBaiChay].value = "BC2611200317"
* status = #finished
* class = $v3-ActCode#AMB "ambulatory"
* serviceType = $cs-department#tai-mui-hong "Tai Mũi Họng"
* subject = Reference(patient-tran-thi-mai)
* period.start = "2026-11-20T07:35:00+07:00"
* period.end = "2026-11-20T09:10:00+07:00"
* serviceProvider = Reference(bv-bai-chay)

Instance: cond-mai-viem-xoang
InstanceOf: VNQNCondition
Usage: #example
Title: "Viêm xoang hàm cấp (J01.0) — Trần Thị Mai"
* clinicalStatus = $condition-clinical#active
* verificationStatus = $condition-ver-status#confirmed
* category = $condition-category#encounter-diagnosis
* code.coding[icd10] = $icd10#J01.0 "Viêm xoang hàm cấp"
* code.text = "Viêm xoang hàm cấp"
* subject = Reference(patient-tran-thi-mai)
* encounter = Reference(enc-mai-ngoai-tru)
* recordedDate = "2026-11-20T08:50:00+07:00"

Instance: coverage-mai-bhyt
InstanceOf: VNQNCoverage
Usage: #example
Title: "Thẻ BHYT DN4222298765432 — Trần Thị Mai (no class, primary care at a ward health station)"
* extension[primaryCareFacility].valueIdentifier.system = $sid-moh-facility
* extension[primaryCareFacility].valueIdentifier.value = "22112"
* extension[primaryCareFacility].valueIdentifier.assigner.display = "Trạm Y tế phường Bãi Cháy"
* identifier[bhyt].system = $sid-bhyt
* identifier[bhyt].value = "DN4222298765432"
* status = #active
* beneficiary = Reference(patient-tran-thi-mai)
* period.start = "2026-01-01"
* period.end = "2026-12-31"
* payor = Reference(bhxh-quang-ninh)
