#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace chexview {

/// A request to stop a job, shared between whoever starts the job and the job itself.
/// Copies share one state. A job either polls isCancelled() between units of work (a batch, a
/// retrieved instance), or hooks a blocking call's own cancel() to it with whenCancelled() for
/// the duration of that call.
/// Thread contract: every member from any thread; hooks run on the thread that calls cancel()
/// (or on the hooking thread when already cancelled), must not block and must not use the
/// token.
class CancelToken
{
    struct State
    {
        std::atomic<bool> flag{false};
        std::mutex mutex;
        std::map<int, std::function<void()>> hooks;
        int next = 0;
    };

public:
    /// Unhooks on destruction.
    class Hook
    {
    public:
        Hook(std::shared_ptr<State> state, int id) : m_state(std::move(state)), m_id(id) {}
        Hook(const Hook&) = delete;
        Hook& operator=(const Hook&) = delete;
        ~Hook()
        {
            if (!m_state)
                return;
            std::lock_guard<std::mutex> lock(m_state->mutex);
            m_state->hooks.erase(m_id);
        }

    private:
        std::shared_ptr<State> m_state;
        int m_id;
    };

    CancelToken() : m_state(std::make_shared<State>()) {}
    void cancel() const
    {
        // Hooks run under the lock, so a Hook being destroyed (and what it points at) waits
        // until its function has returned.
        std::lock_guard<std::mutex> lock(m_state->mutex);
        if (m_state->flag.exchange(true))
            return;
        for (auto& [id, fn] : m_state->hooks)
            fn();
    }
    bool isCancelled() const { return m_state->flag.load(); }
    /// True when both are copies of one token.
    bool sameAs(const CancelToken& other) const { return m_state == other.m_state; }
    /// Runs `fn` when the token is cancelled while the returned hook lives (at once if it
    /// already is).
    [[nodiscard]] std::unique_ptr<Hook> whenCancelled(std::function<void()> fn) const
    {
        {
            std::lock_guard<std::mutex> lock(m_state->mutex);
            if (!m_state->flag.load()) {
                const int id = m_state->next++;
                m_state->hooks.emplace(id, std::move(fn));
                return std::make_unique<Hook>(m_state, id);
            }
        }
        fn();
        return std::make_unique<Hook>(nullptr, 0);
    }

private:
    std::shared_ptr<State> m_state;
};

} // namespace chexview
