extension DIMSECommand {
    /// Builds the response command set to this request with `status` (PS3.7 §9.3 and §10.3 response tables):
    /// Command Field = RQ | 0x8000; Message ID Being Responded To = the request's Message ID; Affected SOP
    /// Class UID = the request's affected or requested SOP class; Affected SOP Instance UID likewise when the
    /// request carries one; Command Data Set Type = 0x0101 (no data set) unless `hasDataSet`.
    ///
    /// Use it to answer any request — including ones the SCP does not implement (status 0x0211 unrecognized
    /// operation, or 0x0122 SOP class not supported). Throws for responses, C-CANCEL-RQ (which has no
    /// response), unknown command fields, and requests without a Message ID.
    public func response(status: DIMSEStatus, errorComment: String? = nil, offendingElement: UInt32? = nil,
                         hasDataSet: Bool = false) throws(CommandSetError) -> CommandSet {
        guard let responseField = commandField.response else { throw .noResponseDefined(commandField) }
        guard let messageID = try commandSet.uint16(.messageID) else { throw .missingElement(.messageID) }
        // Set in ascending tag order, so each element is appended (the set is kept sorted).
        var response = CommandSet()
        response.reserveCapacity(8)
        if let sopClass = sopClassUID { response.set(.affectedSOPClassUID, uid: sopClass) }
        response.set(.commandField, uint16: responseField.rawValue)
        response.set(.messageIDBeingRespondedTo, uint16: messageID)
        response.set(.commandDataSetType, uint16: hasDataSet ? CommandSet.dataSetPresent : CommandSet.noDataSet)
        response.set(.status, uint16: status.rawValue)
        if let offendingElement { response.set(.offendingElement, attributeTag: offendingElement) }
        if let errorComment {
            // LO is at most 64 characters (PS3.5 Table 6.2-1).
            response.set(.errorComment, text: String(errorComment.prefix(64)))
        }
        if let sopInstance = sopInstanceUID { response.set(.affectedSOPInstanceUID, uid: sopInstance) }
        return response
    }
}
