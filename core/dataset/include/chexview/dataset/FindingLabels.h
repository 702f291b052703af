#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>

namespace chexview {

/// NIH's "Finding Labels" cell ("Effusion|Mass", "No Finding") as one bit per ChestX-ray14
/// finding (bit i = chestXray14Findings()[i]), shared by the Data_Entry and labels-CSV readers.
/// Pure; callable from any thread.
class FindingLabels
{
public:
    /// False, with the offending name in `unknown`, when a label is not one of the 14.
    static bool parse(const QByteArray& cell, uint16_t& labels, QString& unknown);
};

} // namespace chexview
