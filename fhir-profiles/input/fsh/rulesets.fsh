// Metadata every conformance resource of the package carries (FSHOnly builds ignore the
// publisher/jurisdiction in sushi-config.yaml, so they are set here).

RuleSet: ConformanceMetadata
* ^publisher = "Sở Y tế tỉnh Quảng Ninh (Quang Ninh Department of Health)"
* ^contact[0].name = "Sở Y tế tỉnh Quảng Ninh"
* ^contact[0].telecom[0].system = #url
* ^contact[0].telecom[0].value = "https://fhir.quangninh.gov.vn"
* ^jurisdiction = urn:iso:std:iso:3166#VN "Viet Nam"
