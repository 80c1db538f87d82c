// The three public hospitals of the province, as they appear in the FHIR directory.
// Facility codes and street addresses are illustrative placeholders (see README): confirm them
// against the Department of Health's list before loading production data.

Instance: bvdk-tinh-quang-ninh
InstanceOf: VNQNOrganization
Usage: #example
Title: "Bệnh viện Đa khoa tỉnh Quảng Ninh"
Description: "The Quang Ninh Provincial General Hospital."
* identifier[mohFacilityCode].system = $sid-moh-facility
* identifier[mohFacilityCode].value = "22001"
* active = true
* type = $org-type#prov "Healthcare Provider"
* name = "Bệnh viện Đa khoa tỉnh Quảng Ninh"
* alias[0] = "Quang Ninh Provincial General Hospital"
* alias[1] = "BVĐK tỉnh Quảng Ninh"
* telecom[0].system = #phone
* telecom[0].value = "+84 203 3825 499"
* telecom[0].use = #work
* address.use = #work
* address.text = "Phố Tuệ Tĩnh, phường Bạch Đằng, thành phố Hạ Long, tỉnh Quảng Ninh"
* address.line = "Phố Tuệ Tĩnh"
* address.district = "Phường Bạch Đằng"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* address.extension[adminUnit].valueCoding = $sid-admin-unit#22 "Tỉnh Quảng Ninh"

Instance: bv-san-nhi-quang-ninh
InstanceOf: VNQNOrganization
Usage: #example
Title: "Bệnh viện Sản Nhi Quảng Ninh"
Description: "The Quang Ninh Obstetrics and Paediatrics Hospital."
* identifier[mohFacilityCode].system = $sid-moh-facility
* identifier[mohFacilityCode].value = "22017"
* active = true
* type = $org-type#prov "Healthcare Provider"
* name = "Bệnh viện Sản Nhi Quảng Ninh"
* alias[0] = "Quang Ninh Obstetrics and Paediatrics Hospital"
* telecom[0].system = #phone
* telecom[0].value = "+84 203 3512 115"
* telecom[0].use = #work
* address.use = #work
* address.text = "Phường Đại Yên, thành phố Hạ Long, tỉnh Quảng Ninh"
* address.district = "Phường Đại Yên"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* address.extension[adminUnit].valueCoding = $sid-admin-unit#22 "Tỉnh Quảng Ninh"

Instance: bv-bai-chay
InstanceOf: VNQNOrganization
Usage: #example
Title: "Bệnh viện Bãi Cháy"
Description: "Bai Chay Hospital."
* identifier[mohFacilityCode].system = $sid-moh-facility
* identifier[mohFacilityCode].value = "22002"
* active = true
* type = $org-type#prov "Healthcare Provider"
* name = "Bệnh viện Bãi Cháy"
* alias[0] = "Bai Chay Hospital"
* telecom[0].system = #phone
* telecom[0].value = "+84 203 3846 440"
* telecom[0].use = #work
* address.use = #work
* address.text = "Phường Giếng Đáy, thành phố Hạ Long, tỉnh Quảng Ninh"
* address.district = "Phường Giếng Đáy"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
* address.extension[adminUnit].valueCoding = $sid-admin-unit#22 "Tỉnh Quảng Ninh"

Instance: bhxh-quang-ninh
InstanceOf: VNQNOrganization
Usage: #example
Title: "Bảo hiểm xã hội tỉnh Quảng Ninh"
Description: "The provincial social security office, payer of BHYT claims: an Organization without a facility code."
* active = true
* type = $org-type#ins "Insurance Company"
* name = "Bảo hiểm xã hội tỉnh Quảng Ninh"
* alias[0] = "Quang Ninh Social Security"
* address.city = "Hạ Long"
* address.state = "Quảng Ninh"
* address.country = "VN"
