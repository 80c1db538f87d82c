// VNQNCoverage: a BHYT card (thẻ bảo hiểm y tế) as insurance coverage: the 15-character number, the
// benefit level (mức hưởng, third character), validity, the payer (Vietnam Social Security) and the
// registered primary-care facility (nơi đăng ký khám chữa bệnh ban đầu).

Profile: VNQNCoverage
Parent: Coverage
Id: vnqn-coverage
Title: "VNQN Coverage — Thẻ bảo hiểm y tế (BHYT)"
Description: "Social health insurance (BHYT) of a patient: the card number in `identifier:bhyt` (and optionally `subscriberId`), the benefit level 1–5 as `class:benefitLevel`, the validity in `period`, Vietnam Social Security (BHXH) as `payor`, and the registered primary-care facility in an extension."
* ^status = #active
* insert ConformanceMetadata
* ^experimental = false
* obeys qn-bhyt-4
* extension contains VNQNBHYTPrimaryCareFacility named primaryCareFacility 0..1 MS
* identifier MS
* identifier ^slicing.discriminator.type = #value
* identifier ^slicing.discriminator.path = "system"
* identifier ^slicing.rules = #open
* identifier ^slicing.description = "Sliced by identifier system. Other systems are allowed."
* identifier contains bhyt 0..1 MS
* identifier[bhyt] ^short = "Số thẻ BHYT — 15-character health insurance card number"
* identifier[bhyt].system 1..1
* identifier[bhyt].system = $sid-bhyt (exactly)
* identifier[bhyt].value 1..1
* identifier[bhyt] obeys qn-bhyt-1
* status MS
* type MS
* subscriberId MS
* subscriberId obeys qn-bhyt-2
* subscriberId ^short = "Số thẻ BHYT (same as identifier:bhyt), for systems that read subscriberId"
* beneficiary MS
* beneficiary only Reference(VNQNPatient)
* relationship MS
* period MS
* period ^short = "Giá trị sử dụng — card validity (từ ngày … đến ngày …)"
* payor MS
* payor only Reference(VNQNOrganization)
* payor ^short = "Bảo hiểm xã hội (Vietnam Social Security), e.g. BHXH tỉnh Quảng Ninh"
* class MS
* class ^slicing.discriminator.type = #pattern
* class ^slicing.discriminator.path = "type"
* class ^slicing.rules = #open
* class ^slicing.description = "Sliced by class type."
* class contains benefitLevel 0..1 MS
* class[benefitLevel] ^short = "Mức hưởng BHYT 1–5 (third character of the card number)"
* class[benefitLevel].type = $coverage-class#plan
* class[benefitLevel].value ^short = "1–5"
* class[benefitLevel].name MS
* class[benefitLevel] obeys qn-bhyt-3

Extension: VNQNBHYTPrimaryCareFacility
Id: bhyt-primary-care-facility
Title: "Nơi đăng ký khám chữa bệnh ban đầu — registered primary-care facility"
Description: "The facility where the BHYT card holder is registered for primary care (nơi đăng ký KCB ban đầu), printed on the card: the Ministry of Health facility code (mã cơ sở KCB) and, in assigner.display, its name."
* ^status = #active
* insert ConformanceMetadata
* ^context[0].type = #element
* ^context[0].expression = "Coverage"
* value[x] only Identifier
* valueIdentifier 1..1
* valueIdentifier.system 1..1
* valueIdentifier.system = $sid-moh-facility (exactly)
* valueIdentifier.value 1..1
* valueIdentifier obeys qn-facility-1
* valueIdentifier.assigner MS
* valueIdentifier.assigner ^short = "display: tên cơ sở, e.g. Trạm Y tế phường Hồng Hải; reference to the Organization when known"
