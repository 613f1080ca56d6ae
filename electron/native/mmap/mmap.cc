// episcope_mmap: memory-map a file read-only and copy requested byte ranges out of the mapping into buffers that
// JavaScript allocated. The mapping itself is never handed to V8 (no external ArrayBuffer): that works inside
// Electron's V8 sandbox / memory cage, which refuses external ArrayBuffers (electron/electron#35801), and has no
// 4 GiB limit (every offset and length is 64-bit here; a JavaScript number holds offsets up to 2^53).
//
//   open(path: string): MapHandle
//     - opens `path` read-only (O_CLOEXEC), maps the whole file with PROT_READ + MAP_SHARED and keeps the descriptor
//       (for the change checks below); a 0-byte file is opened but not mapped;
//     - returns an opaque handle (a Node-API external, allowed in the sandbox) whose finalizer unmaps and closes when
//       close() was never called;
//     - throws an Error whose `code` is the errno name (ENOENT, EACCES, EISDIR, ...) with the path in the message.
//
//   info(handle): { size, ino, dev, mtimeMs }   the identity recorded at open (size in bytes, mtime in ms).
//
//   copy(handle, offset: number, length: number, out: Uint8Array, outOffset: number): number
//     - copies bytes [offset, offset + length) of the file into out[outOffset …]; returns `length`. Ranges of 64 KiB
//       and more are read with pread(2) on the kept descriptor (the kernel copies from the page cache in one call; a
//       memcpy out of the map would take a minor page fault per 4 KiB first), smaller ones are copied out of the map.
//
//   readRanges(handle, starts: Float64Array, lengths: Uint32Array, out: Uint8Array): number
//     - copies range k (`lengths[k]` bytes at byte `starts[k]`) into `out`, packed in order, in one call; returns the
//       sum of the lengths. Ranges reaching past the mapped size keep their slot (the bytes past the end are left as
//       they were), like the pread loop it replaces.
//
//   readScattered(handle, starts: Float64Array, lengths: Uint32Array, out: Uint8Array): number
//     - like readRanges, with one pread(2) per range on the kept descriptor instead of a copy out of the mapping: for a
//       first pass over small ranges far apart (a joint channel's messages between video frames) a copy out of the map
//       takes a minor page fault per range, and Node's fs.readSync per range costs twice a pread here (~4 µs vs ~2 µs
//       on the 1.5 GB bench episode); ranges in ascending order at most 8 KiB apart are read together in one pread of
//       up to 256 KiB (CoalescedEnd). Every range must lie inside the file (code ERANGE otherwise); a read coming back
//       short (the file shrank) throws EFILECHANGED; returns the sum of the lengths.
//
//   prefetch(handle, starts: Float64Array, lengths: Uint32Array): void
//     - asks the kernel to start reading range k (`lengths[k]` bytes at byte `starts[k]`) into the page cache now,
//       without waiting (posix_fadvise POSIX_FADV_WILLNEED on the kept descriptor): the reads of a scattered pass (one
//       small message every few dozen KB) are then in flight together instead of one page fault or pread at a time.
//       Ranges whose pages are all in the page cache already are skipped (mincore, one call per window of ranges close
//       together, not one per range). Advice only:
//       ranges past the end are skipped, failures ignored, no change check.
//
//   close(handle): void   unmaps and closes the descriptor now (idempotent; later calls throw code EBADF).
//
// Files changed under us: before every copy/readRanges call the descriptor is fstat'ed (size, mtime, inode: ~0.3 µs)
// and, at most every 100 ms, the path is stat'ed too (a file replaced by a rename keeps our old inode alive, so only
// the path shows it). Any difference throws an Error with code `EFILECHANGED` saying what changed. No page past the
// current end is touched; and because a truncate can still race with a copy, the copy runs under a SIGBUS guard:
// a fault inside it returns the call as `EFILECHANGED` instead of killing the process (the handler is chained: a
// SIGBUS anywhere else goes to the previous handler / the default action).
#include <napi.h>

#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstring>
#include <ctime>
#include <algorithm>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

// copy() of at least this many bytes reads with pread(2) on the kept descriptor instead of copying out of the map.
constexpr uint64_t kPreadBytes = 64 * 1024;

struct MapState {
  std::string path;
  int fd = -1;
  uint8_t* data = nullptr;
  size_t size = 0;
  dev_t dev = 0;
  ino_t ino = 0;
  struct timespec mtime = {0, 0};
  int64_t lastPathCheckMs = 0;
};

const char* ErrnoName(int err) {
  switch (err) {
    case ENOENT: return "ENOENT";
    case EACCES: return "EACCES";
    case EISDIR: return "EISDIR";
    case ENOMEM: return "ENOMEM";
    case EMFILE: return "EMFILE";
    case ENFILE: return "ENFILE";
    case ENODEV: return "ENODEV";
    case EINVAL: return "EINVAL";
    case EOVERFLOW: return "EOVERFLOW";
    case EBADF: return "EBADF";
    default: return "EIO";
  }
}

Napi::Value Throw(Napi::Env env, const std::string& message, const char* code) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  error.ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value ThrowErrno(Napi::Env env, const char* what, const std::string& path, int err) {
  return Throw(env, std::string(what) + " " + path + ": " + std::strerror(err), ErrnoName(err));
}

// ---- SIGBUS guard --------------------------------------------------------------------------------------------------

thread_local sigjmp_buf* guardJump = nullptr;
struct sigaction previousBus;
std::atomic<bool> guardInstalled{false};

void OnBus(int sig, siginfo_t* info, void* context) {
  if (guardJump != nullptr) siglongjmp(*guardJump, 1);
  // Not ours: hand it on.
  if (previousBus.sa_flags & SA_SIGINFO) {
    if (previousBus.sa_sigaction != nullptr) {
      previousBus.sa_sigaction(sig, info, context);
      return;
    }
  } else if (previousBus.sa_handler != SIG_DFL && previousBus.sa_handler != SIG_IGN && previousBus.sa_handler != nullptr) {
    previousBus.sa_handler(sig);
    return;
  }
  signal(SIGBUS, SIG_DFL);  // returning re-executes the faulting access, which now takes the default action
}

void InstallGuard() {
  bool expected = false;
  if (!guardInstalled.compare_exchange_strong(expected, true)) return;
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_sigaction = OnBus;
  action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_ONSTACK;
  sigemptyset(&action.sa_mask);
  sigaction(SIGBUS, &action, &previousBus);
}

// memcpy that returns false instead of dying when the source pages are gone (the file shrank under the mapping).
bool GuardedCopy(uint8_t* dst, const uint8_t* src, size_t n) {
  sigjmp_buf jump;
  if (sigsetjmp(jump, 0) != 0) {
    guardJump = nullptr;
    return false;
  }
  guardJump = &jump;
  std::memcpy(dst, src, n);
  guardJump = nullptr;
  return true;
}

// ---- change checks -------------------------------------------------------------------------------------------------

int64_t NowMs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1000000;
}

// What changed since open, or an empty string.
std::string Changed(MapState* state, bool forcePath) {
  struct stat st;
  if (fstat(state->fd, &st) != 0) return std::string("cannot stat the open file: ") + std::strerror(errno);
  if (static_cast<size_t>(st.st_size) != state->size) {
    return "its size went from " + std::to_string(state->size) + " to " + std::to_string(st.st_size) + " bytes";
  }
  if (st.st_mtim.tv_sec != state->mtime.tv_sec || st.st_mtim.tv_nsec != state->mtime.tv_nsec) {
    return "it was modified (mtime changed)";
  }
  const int64_t now = NowMs();
  if (forcePath || now - state->lastPathCheckMs >= 100) {
    state->lastPathCheckMs = now;
    struct stat ps;
    if (stat(state->path.c_str(), &ps) != 0) return std::string("the path no longer opens: ") + std::strerror(errno);
    if (ps.st_ino != state->ino || ps.st_dev != state->dev) return "it was replaced by another file (new inode)";
  }
  return std::string();
}

Napi::Value ThrowChanged(Napi::Env env, MapState* state, const std::string& what) {
  return Throw(env, state->path + ": the file changed on disk (" + what + ")", "EFILECHANGED");
}

// ---- handles -------------------------------------------------------------------------------------------------------

void Release(MapState* state) {
  if (state->data != nullptr) munmap(state->data, state->size);
  state->data = nullptr;
  if (state->fd >= 0) close(state->fd);
  state->fd = -1;
}

void Finalize(Napi::Env /*env*/, MapState* state) {
  Release(state);
  delete state;
}

MapState* StateOf(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsExternal()) {
    Napi::TypeError::New(info.Env(), "expected a handle from open()").ThrowAsJavaScriptException();
    return nullptr;
  }
  MapState* state = info[0].As<Napi::External<MapState>>().Data();
  if (state->fd < 0) {
    Throw(info.Env(), state->path + ": read after close", "EBADF");
    return nullptr;
  }
  return state;
}

Napi::Value Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "open(path): path must be a string").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  InstallGuard();
  const std::string path = info[0].As<Napi::String>().Utf8Value();
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ThrowErrno(env, "open", path, errno);
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return ThrowErrno(env, "fstat", path, err);
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return ThrowErrno(env, "map", path, S_ISDIR(st.st_mode) ? EISDIR : ENODEV);
  }
  auto* state = new MapState();
  state->path = path;
  state->fd = fd;
  state->size = static_cast<size_t>(st.st_size);
  state->dev = st.st_dev;
  state->ino = st.st_ino;
  state->mtime = st.st_mtim;
  state->lastPathCheckMs = NowMs();
  if (state->size > 0) {
    void* addr = mmap(nullptr, state->size, PROT_READ, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) {
      int err = errno;
      Release(state);
      delete state;
      return ThrowErrno(env, "mmap", path, err);
    }
    state->data = static_cast<uint8_t*>(addr);
  }
  return Napi::External<MapState>::New(env, state, Finalize);
}

Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MapState* state = StateOf(info);
  if (state == nullptr) return env.Undefined();
  Napi::Object out = Napi::Object::New(env);
  out.Set("size", Napi::Number::New(env, static_cast<double>(state->size)));
  out.Set("ino", Napi::Number::New(env, static_cast<double>(state->ino)));
  out.Set("dev", Napi::Number::New(env, static_cast<double>(state->dev)));
  out.Set("mtimeMs", Napi::Number::New(env, static_cast<double>(state->mtime.tv_sec) * 1000.0 +
                                                static_cast<double>(state->mtime.tv_nsec) / 1e6));
  return out;
}

Napi::Value Check(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MapState* state = StateOf(info);
  if (state == nullptr) return env.Undefined();
  const std::string changed = Changed(state, true);
  if (!changed.empty()) return ThrowChanged(env, state, changed);
  return env.Undefined();
}

bool ByteOffset(const Napi::Value& value, double* out) {
  if (!value.IsNumber()) return false;
  const double v = value.As<Napi::Number>().DoubleValue();
  if (!(v >= 0) || v > 9007199254740991.0 || v != static_cast<double>(static_cast<uint64_t>(v))) return false;
  *out = v;
  return true;
}

// Bytes [at, at + n) of the file into `dst` through pread on the kept descriptor. False when it threw (the errno's
// code; EFILECHANGED when the file ends early).
bool PreadAll(Napi::Env env, MapState* state, uint8_t* dst, uint64_t at, uint64_t n) {
  uint64_t done = 0;
  while (done < n) {
    ssize_t got = pread(state->fd, dst + done, n - done, static_cast<off_t>(at + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      ThrowErrno(env, "pread", state->path, errno);
      return false;
    }
    if (got == 0) {
      ThrowChanged(env, state, "it ends at offset " + std::to_string(at + done));
      return false;
    }
    done += static_cast<uint64_t>(got);
  }
  return true;
}

Napi::Value Copy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MapState* state = StateOf(info);
  if (state == nullptr) return env.Undefined();
  double offset = 0, length = 0, outOffset = 0;
  if (info.Length() < 5 || !ByteOffset(info[1], &offset) || !ByteOffset(info[2], &length) || !info[3].IsTypedArray() ||
      !ByteOffset(info[4], &outOffset) || info[3].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    Napi::TypeError::New(env, "copy(handle, offset, length, out: Uint8Array, outOffset)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Uint8Array out = info[3].As<Napi::Uint8Array>();
  const uint64_t at = static_cast<uint64_t>(offset);
  const uint64_t n = static_cast<uint64_t>(length);
  const uint64_t into = static_cast<uint64_t>(outOffset);
  if (into + n > out.ElementLength()) {
    Napi::RangeError::New(env, "copy: out is too small").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const std::string changed = Changed(state, false);
  if (!changed.empty()) return ThrowChanged(env, state, changed);
  if (at + n > state->size || at + n < at) {
    return Throw(env, state->path + ": read of " + std::to_string(n) + " bytes at offset " + std::to_string(at) +
                          " is outside the file (" + std::to_string(state->size) + " bytes)",
                 "ERANGE");
  }
  if (n >= kPreadBytes) {
    // Large ranges (a compressed chunk, a frame): the kernel copies from the page cache in one call, without a minor
    // fault per 4 KiB page of the mapping.
    if (!PreadAll(env, state, out.Data() + into, at, n)) return env.Undefined();
  } else if (n > 0 && !GuardedCopy(out.Data() + into, state->data + at, n)) {
    return ThrowChanged(env, state, "its pages at offset " + std::to_string(at) + " are gone (truncated)");
  }
  return Napi::Number::New(env, length);
}

// The arguments of readRanges / readScattered, checked (a TypeError is thrown and false returned when they are wrong).
struct Ranges {
  const double* starts = nullptr;
  const uint32_t* lengths = nullptr;
  uint8_t* out = nullptr;
  size_t count = 0;
};

bool RangesOf(const Napi::CallbackInfo& info, const char* name, Ranges* ranges) {
  Napi::Env env = info.Env();
  const std::string usage = std::string(name) + "(handle, starts: Float64Array, lengths: Uint32Array of the same length, out: Uint8Array)";
  if (info.Length() < 4 || !info[1].IsTypedArray() || !info[2].IsTypedArray() || !info[3].IsTypedArray()) {
    Napi::TypeError::New(env, usage).ThrowAsJavaScriptException();
    return false;
  }
  Napi::TypedArray startsArray = info[1].As<Napi::TypedArray>();
  Napi::TypedArray lengthsArray = info[2].As<Napi::TypedArray>();
  Napi::TypedArray outArray = info[3].As<Napi::TypedArray>();
  if (startsArray.TypedArrayType() != napi_float64_array || lengthsArray.TypedArrayType() != napi_uint32_array ||
      outArray.TypedArrayType() != napi_uint8_array || startsArray.ElementLength() != lengthsArray.ElementLength()) {
    Napi::TypeError::New(env, usage).ThrowAsJavaScriptException();
    return false;
  }
  ranges->starts = startsArray.As<Napi::Float64Array>().Data();
  ranges->lengths = lengthsArray.As<Napi::Uint32Array>().Data();
  ranges->out = outArray.As<Napi::Uint8Array>().Data();
  ranges->count = startsArray.ElementLength();
  size_t total = 0;
  for (size_t k = 0; k < ranges->count; k++) total += ranges->lengths[k];
  if (total > outArray.ElementLength()) {
    Napi::TypeError::New(env, std::string(name) + ": out is smaller than the sum of lengths").ThrowAsJavaScriptException();
    return false;
  }
  for (size_t k = 0; k < ranges->count; k++) {
    if (!(ranges->starts[k] >= 0) || ranges->starts[k] > 9007199254740991.0) {
      Napi::TypeError::New(env, std::string(name) + ": a start is not a byte offset").ThrowAsJavaScriptException();
      return false;
    }
  }
  return true;
}

// readScattered reads ranges lying close together in one pread: a 200 Hz joint channel between three video streams
// has two or three messages in a row between two frames, and a system call (~1.5 µs here) costs more than copying a
// few KB more out of the page cache. On the 1.5 GB bench episode a pass over /joint_states made 61k preads, coalesced
// 20k, and took ~115 instead of ~170 ms warm.
constexpr uint64_t kCoalesceGap = 8 * 1024;     // bytes skipped between two ranges read together, at most
constexpr uint64_t kCoalesceSpan = 256 * 1024;  // bytes of one read, at most

// The end (exclusive byte offset) of the read starting at range k, and in *next the first range after it: ranges
// k+1.. join while each starts at or after the previous one and at most kCoalesceGap past the read's end so far.
uint64_t CoalescedEnd(const Ranges& r, size_t k, size_t* next) {
  const uint64_t at = static_cast<uint64_t>(r.starts[k]);
  uint64_t end = at + r.lengths[k];
  size_t j = k + 1;
  for (; j < r.count; j++) {
    const uint64_t start = static_cast<uint64_t>(r.starts[j]);
    const uint64_t stop = std::max<uint64_t>(end, start + r.lengths[j]);
    if (start < static_cast<uint64_t>(r.starts[j - 1]) || start > end + kCoalesceGap || stop - at > kCoalesceSpan) break;
    end = stop;
  }
  *next = j;
  return end;
}

// readRanges (`positional` false: copies out of the mapping) and readScattered (true: one pread per range, or per run
// of ranges close together).
Napi::Value ReadRangesOf(const Napi::CallbackInfo& info, bool positional) {
  Napi::Env env = info.Env();
  MapState* state = StateOf(info);
  Ranges r;
  if (state == nullptr || !RangesOf(info, positional ? "readScattered" : "readRanges", &r)) return env.Undefined();
  const std::string changed = Changed(state, false);
  if (!changed.empty()) return ThrowChanged(env, state, changed);
  size_t pos = 0;
  std::vector<uint8_t> span;  // readScattered: the bytes of ranges read together (CoalescedEnd)
  for (size_t k = 0; k < r.count; k++) {
    const uint64_t at = static_cast<uint64_t>(r.starts[k]);
    const uint64_t want = r.lengths[k];
    if (positional) {
      size_t next = k + 1;
      const uint64_t end = CoalescedEnd(r, k, &next);
      if (end > state->size) {
        return Throw(env, state->path + ": read of " + std::to_string(end - at) + " bytes at offset " + std::to_string(at) +
                              " is outside the file (" + std::to_string(state->size) + " bytes)",
                     "ERANGE");
      }
      if (next == k + 1) {
        if (!PreadAll(env, state, r.out + pos, at, want)) return env.Undefined();
      } else {
        span.resize(end - at);
        if (!PreadAll(env, state, span.data(), at, end - at)) return env.Undefined();
        for (; k < next; k++) {
          memcpy(r.out + pos, span.data() + (static_cast<uint64_t>(r.starts[k]) - at), r.lengths[k]);
          pos += r.lengths[k];
        }
        k = next - 1;
        continue;
      }
    } else {
      const uint64_t have = at >= state->size ? 0 : (at + want > state->size ? state->size - at : want);
      if (have > 0 && !GuardedCopy(r.out + pos, state->data + at, have)) {
        return ThrowChanged(env, state, "its pages at offset " + std::to_string(at) + " are gone (truncated)");
      }
    }
    pos += want;  // readRanges: a range cut short by the end of the file keeps its slot
  }
  return Napi::Number::New(env, static_cast<double>(pos));
}

Napi::Value ReadRanges(const Napi::CallbackInfo& info) {
  return ReadRangesOf(info, false);
}

Napi::Value ReadScattered(const Napi::CallbackInfo& info) {
  return ReadRangesOf(info, true);
}

// Pages whose residency one mincore call in prefetch asks for at most (8 MiB of 4 KiB pages), and the most pages between
// two ranges it covers: a call costs ~1.9 µs and each page it checks ~20 ns more (measured here on the 1.5 GB bench
// episode's mapping), so skipping ~90 pages costs a call; ranges farther apart are asked one by one.
constexpr uint64_t kResidencyWindowPages = 2048;
constexpr uint64_t kResidencyGapPages = 64;

Napi::Value Prefetch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  MapState* state = StateOf(info);
  if (state == nullptr) return env.Undefined();
  if (info.Length() < 3 || !info[1].IsTypedArray() || !info[2].IsTypedArray() ||
      info[1].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array ||
      info[2].As<Napi::TypedArray>().TypedArrayType() != napi_uint32_array ||
      info[1].As<Napi::TypedArray>().ElementLength() != info[2].As<Napi::TypedArray>().ElementLength()) {
    Napi::TypeError::New(env, "prefetch(handle, starts: Float64Array, lengths: Uint32Array of the same length)")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const double* starts = info[1].As<Napi::Float64Array>().Data();
  const uint32_t* lengths = info[2].As<Napi::Uint32Array>().Data();
  const size_t count = info[1].As<Napi::TypedArray>().ElementLength();
  const auto inFile = [&](size_t k) { return starts[k] >= 0 && starts[k] < static_cast<double>(state->size) && lengths[k] > 0; };
  if (state->data == nullptr) return env.Undefined();
  // Which pages are in the page cache already (mincore): advice for those would cost a system call each (~1.5 µs) for
  // nothing, a third of a warm pass's time. One mincore answers for a window from a range over the ranges that follow
  // it closely (up to kResidencyWindowPages pages): a batch of a 200 Hz joint channel's messages (one every ~6 pages)
  // or a 50 Hz one's (every ~25) takes one call per window — one per range took as long as the pass's preads — and
  // ranges far apart (every MCAP chunk's message indexes over a whole file) one call each.
  const uint64_t page = static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> resident;
  uint64_t windowFirst = 0;  // pages [windowFirst, windowFirst + resident.size()) are known
  bool windowKnown = false;
  for (size_t k = 0; k < count; k++) {
    if (!inFile(k)) continue;
    const uint64_t at = static_cast<uint64_t>(starts[k]);
    const uint64_t end = std::min<uint64_t>(at + lengths[k], state->size);
    const uint64_t first = at / page;
    const uint64_t last = (end - 1) / page;
    if (first < windowFirst || last >= windowFirst + resident.size()) {
      // A new window: this range and the ranges after it that follow within kResidencyGapPages of the window's end.
      uint64_t windowLast = last;
      for (size_t j = k + 1; j < count; j++) {
        if (!inFile(j)) continue;
        const uint64_t from = static_cast<uint64_t>(starts[j]) / page;
        const uint64_t to = (std::min<uint64_t>(static_cast<uint64_t>(starts[j]) + lengths[j], state->size) - 1) / page;
        if (from < first || from > windowLast + kResidencyGapPages || to - first >= kResidencyWindowPages) break;
        windowLast = std::max(windowLast, to);
      }
      windowFirst = first;
      resident.resize(windowLast - first + 1);
      windowKnown = mincore(state->data + first * page, resident.size() * page, resident.data()) == 0;
      if (!windowKnown) resident.clear();
    }
    bool missing = !windowKnown;
    for (uint64_t p = first; !missing && p <= last; p++) missing = (resident[p - windowFirst] & 1) == 0;
    if (missing) posix_fadvise(state->fd, static_cast<off_t>(at), static_cast<off_t>(end - at), POSIX_FADV_WILLNEED);
  }
  return env.Undefined();
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsExternal()) {
    Napi::TypeError::New(env, "close(handle)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Release(info[0].As<Napi::External<MapState>>().Data());
  return env.Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("open", Napi::Function::New(env, Open, "open"));
  exports.Set("info", Napi::Function::New(env, Info, "info"));
  exports.Set("check", Napi::Function::New(env, Check, "check"));
  exports.Set("copy", Napi::Function::New(env, Copy, "copy"));
  exports.Set("readRanges", Napi::Function::New(env, ReadRanges, "readRanges"));
  exports.Set("readScattered", Napi::Function::New(env, ReadScattered, "readScattered"));
  exports.Set("prefetch", Napi::Function::New(env, Prefetch, "prefetch"));
  exports.Set("close", Napi::Function::New(env, Close, "close"));
  return exports;
}

}  // namespace

NODE_API_MODULE(episcope_mmap, Init)
