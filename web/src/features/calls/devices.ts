// Cameras and microphones: the chosen devices are remembered per browser.
import type { CallMedia } from "./types";

const KEY = "parta.callDevices";

export interface DeviceChoice {
  camera?: string;
  microphone?: string;
}

export function savedChoice(): DeviceChoice {
  try {
    return JSON.parse(localStorage.getItem(KEY) ?? "{}") as DeviceChoice;
  } catch {
    return {};
  }
}

export function saveChoice(choice: DeviceChoice): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(choice));
  } catch {
    // storage off: the choice lasts for this call only
  }
}

/** Local camera and microphone; a missing camera falls back to sound only. */
export async function openDevices(media: CallMedia, choice: DeviceChoice = savedChoice()): Promise<MediaStream> {
  const audio: MediaTrackConstraints | boolean = choice.microphone ? { deviceId: { exact: choice.microphone } } : true;
  const video: MediaTrackConstraints | boolean =
    media === "video" ? { ...(choice.camera ? { deviceId: { exact: choice.camera } } : {}), width: { ideal: 640 }, height: { ideal: 360 } } : false;
  try {
    return await navigator.mediaDevices.getUserMedia({ audio, video });
  } catch (err) {
    if (video) {
      try {
        return await navigator.mediaDevices.getUserMedia({ audio, video: false });
      } catch {
        throw err;
      }
    }
    throw err;
  }
}

export async function listDevices(): Promise<{ cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[] }> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return {
    cameras: all.filter((d) => d.kind === "videoinput"),
    microphones: all.filter((d) => d.kind === "audioinput"),
  };
}

export function stopStream(stream: MediaStream | null | undefined): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}
