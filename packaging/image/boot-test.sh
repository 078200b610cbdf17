#!/usr/bin/env bash
# Boots a kiosk image in qemu (UEFI via OVMF, serial console to a log) and reports what the kiosk did:
#   boot-test.sh IMAGE [TIMEOUT_SECONDS]   (default 600)
#
# Works on a copy of the image (the original stays pristine). In the copy, the loader entry also gets
# systemd.journald.forward_to_console=1, so the kiosk's journal (cage, the app, check-config, the
# enrolment prompt) appears on the serial log. The guest network is qemu's user mode with restrict=on:
# DHCP works, nothing leaves the host. Software emulation (slow: minutes) unless LK_BOOT_KVM=1.
# Exit 0 when the serial log shows the kiosk unit started (and, with LK_BOOT_SCREENDUMP, the picture was
# taken); the log is kept in $LK_BOOT_LOG (default /var/tmp/lk-boot/serial.log).
#
# Environment (all optional):
#   LK_BOOT_CMDLINE     more kernel parameters for the copy, e.g. "systemd.mask=learning-kiosk-enrol.service"
#                       to go straight to the kiosk session (offline, empty catalogue)
#   LK_BOOT_DEMO=1      boot the kiosk on its built-in demo catalogue without the enrolment prompt, as an
#                       image built with LK_DEMO=1 does: the copy gets /etc/default/learning-kiosk with
#                       LK_KIOSK_ARGS=--demo (written with debugfs) and systemd.mask=learning-kiosk-enrol.service
#   LK_BOOT_SCREENDUMP=FILE.png  take a picture of the screen: qemu's monitor (QMP) `screendump` of the
#                       display device, LK_BOOT_SETTLE seconds (default 20) after the kiosk's screen came
#                       up (polled every 5 s: most of the screen light, where firmware, console and the
#                       enrolment prompt are black) or systemd reported the unit ready (READY=1), whichever
#                       is first; both times are printed and written to FILE.txt
#   LK_BOOT_DROPIN=FILE a drop-in for learning-kiosk.service, written into the copy as
#                       /etc/systemd/system/learning-kiosk.service.d/boot-test.conf (try a unit change
#                       without building a new image)
#   LK_BOOT_DISPLAY     the display device: virtio-vga (default: virtio-gpu with a VGA mode for the
#                       firmware; the guest's virtio_gpu KMS driver) or bochs-display (bochs-drm KMS)
#   LK_BOOT_RESOLUTION  the display's mode, WxH (default 1280x800)
#   LK_BOOT_KVM=1       hardware virtualisation instead of software emulation (TCG)
#   LK_BOOT_DIR         scratch directory (default /var/tmp/lk-boot; emptied first)
set -euo pipefail
img=${1:?usage: boot-test.sh IMAGE [TIMEOUT_SECONDS]}
timeout_s=${2:-600}
dir=${LK_BOOT_DIR:-/var/tmp/lk-boot}
log=${LK_BOOT_LOG:-$dir/serial.log}
shot=${LK_BOOT_SCREENDUMP:-}
settle_s=${LK_BOOT_SETTLE:-20}
display=${LK_BOOT_DISPLAY:-virtio-vga}
resolution=${LK_BOOT_RESOLUTION:-1280x800}
cmdline_extra=${LK_BOOT_CMDLINE:-}
if [ "${LK_BOOT_DEMO:-0}" = 1 ]; then
  cmdline_extra="$cmdline_extra systemd.mask=learning-kiosk-enrol.service"
fi
case "$display" in virtio-vga|bochs-display) ;; *) echo "boot-test: LK_BOOT_DISPLAY is virtio-vga or bochs-display" >&2; exit 2 ;; esac
[[ "$resolution" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "boot-test: LK_BOOT_RESOLUTION is WxH" >&2; exit 2; }
xres=${BASH_REMATCH[1]} yres=${BASH_REMATCH[2]}
if [ -n "$shot" ]; then
  case "$shot" in *.png) ;; *) echo "boot-test: LK_BOOT_SCREENDUMP names a .png file" >&2; exit 2 ;; esac
  shot=$(realpath -m "$shot")
  mkdir -p "$(dirname "$shot")"
fi

for t in qemu-system-x86_64 mcopy python3 debugfs sfdisk; do
  command -v "$t" >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    qemu-system-x86 ovmf mtools python3 e2fsprogs fdisk >/dev/null
done
[ -f /usr/share/OVMF/OVMF_CODE_4M.fd ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ovmf >/dev/null

rm -rf "$dir"; mkdir -p "$dir"
copy=$dir/disk.img
cp --sparse=always "$img" "$copy"
cp /usr/share/OVMF/OVMF_VARS_4M.fd "$dir/vars.fd"

# The ESP starts at 1 MiB (build-image.sh's layout).
esp="$copy@@1M"
for entry in $(mdir -b -i "$esp" ::/loader/entries/ | grep '\.conf$'); do
  mtype -i "$esp" "$entry" | sed "/^options /s/\$/ systemd.journald.forward_to_console=1 ${cmdline_extra}/" > "$dir/entry.conf"
  mcopy -o -i "$esp" "$dir/entry.conf" "$entry"
done

# put_file LOCAL DIR NAME: writes LOCAL into the copy's root file system (the second partition) as
# DIR/NAME, in place with debugfs (DIR is made when missing); fails unless it reads back.
put_file() {
  local root="$copy?offset=$(( $(sfdisk -J "$copy" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][1]["start"])') * 512 ))"
  chmod 644 "$1"
  printf 'mkdir %s\ncd %s\nrm %s\nwrite %s %s\n' "$2" "$2" "$3" "$1" "$3" | debugfs -w -f - "$root" >/dev/null 2>&1
  debugfs -R "cat $2/$3" "$root" 2>/dev/null | cmp -s - "$1" ||
    { echo "boot-test: could not write $2/$3 into the copy" >&2; exit 1; }
}
if [ "${LK_BOOT_DEMO:-0}" = 1 ]; then
  echo 'LK_KIOSK_ARGS=--demo' > "$dir/learning-kiosk.default"
  put_file "$dir/learning-kiosk.default" /etc/default learning-kiosk
fi
if [ -n "${LK_BOOT_DROPIN:-}" ]; then
  cp "$LK_BOOT_DROPIN" "$dir/dropin.conf"
  put_file "$dir/dropin.conf" /etc/systemd/system/learning-kiosk.service.d boot-test.conf
fi

# Software emulation by default (the brief's 2-core CI-like machines have no usable KVM: nested KVM
# here fails with "emulation failure"); LK_BOOT_KVM=1 uses KVM where it works.
accel=(-accel tcg)
if [ "${LK_BOOT_KVM:-0}" = 1 ]; then accel=(-accel kvm -cpu host); fi
# The display: a KMS device with a fixed mode (its EDID offers WxH as the preferred mode). Without a
# screendump nobody looks at it (-display none either way: qemu still keeps the guest's picture).
monitor=(-monitor none)
qmp=$dir/qmp.sock
[ -n "$shot" ] && monitor=(-monitor none -qmp "unix:$qmp,server=on,wait=off")
echo "boot-test: qemu ${accel[*]}, $display ${xres}x${yres}, timeout ${timeout_s}s, serial log $log" >&2

start=$(date +%s)
qemu-system-x86_64 -machine q35 "${accel[@]}" -m 2048 -smp 2 \
  -drive if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd \
  -drive if=pflash,format=raw,file="$dir/vars.fd" \
  -drive file="$copy",format=raw,if=virtio \
  -device "$display,xres=$xres,yres=$yres" -display none \
  -nic user,model=virtio-net-pci,restrict=on \
  -serial file:"$log" "${monitor[@]}" -no-reboot &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

# qmp COMMAND [JSON_ARGUMENTS]: one QMP command on qemu's monitor socket; prints its answer.
qmp() {
  python3 - "$qmp" "$1" "${2:-{\}}" <<'PY'
import json, socket, sys
sock, command, args = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
s = socket.socket(socket.AF_UNIX)
s.settimeout(60)
s.connect(sock)
f = s.makefile("rw")
json.loads(f.readline())  # the greeting
def call(name, arguments):
    f.write(json.dumps({"execute": name, "arguments": arguments}) + "\n")
    f.flush()
    while True:
        reply = json.loads(f.readline())
        if "return" in reply or "error" in reply:
            return reply
call("qmp_capabilities", {})
reply = call(command, args)
print(json.dumps(reply))
sys.exit(1 if "error" in reply else 0)
PY
}

seen() { grep -a -q "$1" "$log" 2>/dev/null; }
# light_screen: 0 when most of the screen is light (the kiosk's pale background), not the firmware's,
# the console's or the enrolment prompt's black. Looks at a PPM screendump.
light_screen() {
  rm -f "$dir/probe.ppm"
  qmp screendump "{\"filename\": \"$dir/probe.ppm\"}" >/dev/null 2>&1 || return 1
  python3 - "$dir/probe.ppm" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
parts = data.split(b"\n", 3)  # P6, "W H", 255, pixels
pixels = parts[3]
light = sum(1 for i in range(0, len(pixels), 3 * 97) if sum(pixels[i:i + 3]) > 3 * 180)
sys.exit(0 if light * 97 * 3 > len(pixels) * 0.6 else 1)
PY
}
# Without a screendump: done 60 s after the kiosk is up (Started: its app sent READY=1) or the enrolment
# prompt runs. With one: done when the kiosk's screen is up, seen on the screen itself (a light picture
# where the console was black, polled every 5 s), or when systemd reports the unit started. Either way,
# LK_BOOT_START_WAIT seconds (default 150) after the kiosk began starting without either, it gives up.
started=0 starting_at=0 ready_s= screen_s= next_probe=0
while kill -0 $qemu 2>/dev/null && [ $(( $(date +%s) - start )) -lt "$timeout_s" ]; do
  now=$(( $(date +%s) - start ))
  if [ -z "$ready_s" ] && seen 'Started learning-kiosk.service'; then
    started=1 ready_s=$now
    echo "boot-test: systemd reports the kiosk ready (READY=1) after ${ready_s}s" >&2
    [ -z "$shot" ] && break
  fi
  if [ -z "$shot" ] && seen 'Starting learning-kiosk-enrol.service'; then started=1; break; fi
  if [ $starting_at -eq 0 ] && seen 'Starting learning-kiosk.service'; then starting_at=$(date +%s); fi
  if [ -n "$shot" ] && [ $starting_at -ne 0 ] && [ "$now" -ge $next_probe ]; then
    next_probe=$(( now + 5 ))
    if light_screen; then
      started=1 screen_s=$now
      echo "boot-test: the kiosk's screen is up after ${screen_s}s" >&2
      break
    fi
  fi
  if [ -n "$shot" ] && [ -n "$ready_s" ]; then break; fi
  if [ $starting_at -ne 0 ] && [ $(( $(date +%s) - starting_at )) -ge "${LK_BOOT_START_WAIT:-150}" ]; then break; fi
  sleep 1
done

shot_ok=1
if [ -n "$shot" ]; then
  shot_ok=0
  if [ $started -eq 1 ]; then
    sleep "$settle_s"
    rm -f "$shot"
    if qmp screendump "{\"filename\": \"$shot\", \"format\": \"png\"}" >"$dir/qmp.out" 2>&1 && [ -s "$shot" ]; then
      shot_ok=1
      ready_text=no
      [ -n "$ready_s" ] && ready_text="after $ready_s s"
      [ -z "$ready_s" ] && seen 'Started learning-kiosk.service' && ready_text="yes, during the ${settle_s} s settle"
      printf 'kiosk screen up %s s after qemu started, READY=1 seen by systemd: %s (%s, %s %sx%s); screendump %s s later\n' \
        "${screen_s:-?}" "$ready_text" "${accel[*]}" "$display" "$xres" "$yres" "$settle_s" > "${shot%.png}.txt"
      echo "boot-test: screendump $shot ($(stat -c %s "$shot") bytes)" >&2
    else
      echo "boot-test: screendump failed: $(cat "$dir/qmp.out")" >&2
    fi
  fi
else
  [ $started -eq 1 ] && sleep 60
fi
elapsed=$(( $(date +%s) - start ))
kill $qemu 2>/dev/null || true
wait $qemu 2>/dev/null || true

echo "boot-test: stopped after ${elapsed}s" >&2
echo "--- milestones ---" >&2
grep -a -E 'Linux version|EXT4-fs \(vda2\): mounted|Reached target|learning-kiosk|cage|kioskctl|apply-display|Watchdog|watchdog|systemd-growfs|systemd-repart|enrol' "$log" |
  sed 's/\x1b\[[0-9;]*m//g' | cut -c1-220 | tail -n 80 >&2
[ $started -eq 1 ] && [ $shot_ok -eq 1 ]
