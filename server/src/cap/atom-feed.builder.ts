import { EVENT_TYPE_LABELS, type Incident } from '@ioc/shared';
import { CAP_CATEGORY, capMessageType } from './cap.builder';
import { formatCapTime } from './cap-time';
import { XmlWriter } from './xml-writer';

/** RFC 4287 Atom; validates against test/fixtures/standards/atom.rng. */
const ATOM_NAMESPACE = 'http://www.w3.org/2005/Atom';

interface FeedOptions {
  /** Absolute URL of the feed itself (`rel="self"`, and the feed's id). */
  selfUrl: string;
  /** Absolute URL of an incident's CAP document. */
  capUrl: (incidentId: string) => string;
  timeZone: string;
  senderName?: string;
}

/**
 * The CAP index feed public alerting aggregators poll (pure): one entry per current alert,
 * linking to its CAP 1.2 document, titled with the message type that document carries.
 */
export function buildCapFeed(incidents: readonly Incident[], options: FeedOptions): string {
  const time = (iso: string): string => formatCapTime(Date.parse(iso), options.timeZone);
  const newest = incidents.reduce((max, i) => Math.max(max, Date.parse(i.updatedAt)), 0);
  const author = options.senderName ?? 'IOC event hub';

  const xml = new XmlWriter().open('feed', { xmlns: ATOM_NAMESPACE });
  xml
    .leaf('id', options.selfUrl)
    .leaf('title', `${author}: current alerts`)
    // An empty feed still needs an `updated`; "now" is when it was last known empty.
    .leaf('updated', formatCapTime(newest || Date.now(), options.timeZone))
    .open('author')
    .leaf('name', author)
    .close('author')
    .empty('link', { rel: 'self', type: 'application/atom+xml', href: options.selfUrl })
    .leaf('generator', 'IOC event hub');
  for (const incident of incidents) {
    const capUrl = options.capUrl(incident.id);
    xml
      .open('entry')
      // One entry per incident: its CAP URL stays the same while its alert is updated.
      .leaf('id', capUrl)
      .leaf('title', `${capMessageType(incident)}: ${incident.title}`)
      .leaf('updated', time(incident.updatedAt))
      .leaf('published', time(incident.firstSeen))
      .empty('category', { term: CAP_CATEGORY[incident.category] })
      .leaf(
        'summary',
        `${EVENT_TYPE_LABELS[incident.type]}, severity ${incident.severity}, status ${incident.status}` +
          `${incident.zone ? `, ${incident.zone}` : ''}.`,
      )
      .empty('link', { rel: 'alternate', type: 'application/cap+xml', href: capUrl })
      .close('entry');
  }
  return xml.close('feed').toString();
}
