#include "chexview/ui/viewer/MeasurementLayer.h"

#include "chexview/ui/viewer/MeasurementEditCommand.h"

#include <QUndoStack>

namespace chexview {

MeasurementLayer::MeasurementLayer(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this))
{
}

void MeasurementLayer::setImage(XrayImagePtr image, const PixelCalibration& calibration,
                                const QString& viewPosition, const QList<Measurement>& measurements)
{
    m_image = std::move(image);
    m_calibration = calibration;
    m_viewPosition = viewPosition;
    m_undo->clear();
    m_selected = -1;
    apply(measurements);
}

void MeasurementLayer::setSelected(int index)
{
    m_selected = index >= 0 && index < m_list.size() ? index : -1;
    Q_EMIT changed();
}

void MeasurementLayer::add(const Measurement& m)
{
    if (!m.isValid() || !m_image)
        return;
    QList<Measurement> after = m_list;
    after << m;
    push(after, tr("Add %1").arg(Measurement::kindName(m.kind)));
    setSelected(int(m_list.size()) - 1);
}

void MeasurementLayer::replace(int index, const Measurement& after, const Measurement& before)
{
    if (index < 0 || index >= m_list.size() || !after.isValid())
        return;
    QList<Measurement> old = m_list;
    old[index] = before;
    QList<Measurement> now = m_list;
    now[index] = after;
    m_undo->push(new MeasurementEditCommand(
        this, old, now, tr("Move %1 point").arg(Measurement::kindName(after.kind))));
}

void MeasurementLayer::remove(int index)
{
    if (index < 0 || index >= m_list.size())
        return;
    QList<Measurement> after = m_list;
    after.removeAt(index);
    push(after, tr("Delete %1").arg(Measurement::kindName(m_list[index].kind)));
}

void MeasurementLayer::clear()
{
    if (!m_list.isEmpty())
        push({}, tr("Delete all measurements"));
}

void MeasurementLayer::preview(int index, const Measurement& m)
{
    if (index < 0 || index >= m_list.size() || !m.isValid())
        return;
    QList<Measurement> now = m_list;
    now[index] = m;
    apply(now);
}

void MeasurementLayer::push(const QList<Measurement>& after, const QString& text)
{
    m_undo->push(new MeasurementEditCommand(this, m_list, after, text));
}

void MeasurementLayer::apply(const QList<Measurement>& list)
{
    m_list = list;
    m_values.clear();
    if (m_image)
        for (const Measurement& m : m_list)
            m_values << MeasurementEvaluator::evaluate(m, *m_image, m_calibration, m_viewPosition);
    if (m_selected >= m_list.size())
        m_selected = -1;
    Q_EMIT changed();
}

} // namespace chexview
